package io.samplerkit.bench.report;

import io.samplerkit.core.Checks;

/**
 * A slice of a suite for one job of a job array: configuration {@code seq} belongs to shard
 * {@code seq mod count}. Shards are 0-based: {@code 0/4, 1/4, 2/4, 3/4}.
 *
 * @param index this shard, {@code 0 <= index < count}
 * @param count number of shards, at least 1
 */
public record Shard(int index, int count) {

    /** The whole suite. */
    public static final Shard ALL = new Shard(0, 1);

    /** Validates. */
    public Shard {
        Checks.requirePositive(count, "shard count");
        Checks.requireInRange(index, 0, count - 1, "shard index");
    }

    /**
     * @param text {@code "i/n"}
     * @return the shard
     */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("shard must be i/n (0-based i), got '" + text + "'");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shard must be i/n with integers, got '" + text + "'", e);
        }
    }

    /**
     * @param seq configuration position
     * @return whether this shard runs it
     */
    public boolean contains(int seq) {
        return seq % count == index;
    }

    /** @return whether this is the whole suite */
    public boolean all() {
        return count == 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
