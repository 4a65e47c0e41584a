package io.samplerkit.solvers.exponential;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** diffusers' singlestep order list and the step orders read from it. */
class DiffusersOrderListTest {

    @Test
    void orderListsAsDiffusersBuildsThem() {
        assertThat(OrderAllocation.diffusersOrderList(10, 3, true, true)).containsExactly(1, 2, 3, 1, 2, 3, 1, 2, 3, 1);
        assertThat(OrderAllocation.diffusersOrderList(9, 3, true, false)).containsExactly(1, 2, 3, 1, 2, 3, 1, 2, 1);
        assertThat(OrderAllocation.diffusersOrderList(8, 3, true, false)).containsExactly(1, 2, 3, 1, 2, 3, 1, 2);
        assertThat(OrderAllocation.diffusersOrderList(8, 3, true, true)).containsExactly(1, 2, 3, 1, 2, 3, 1, 1);
        assertThat(OrderAllocation.diffusersOrderList(10, 2, true, true)).containsExactly(1, 2, 1, 2, 1, 2, 1, 2, 1, 1);
        assertThat(OrderAllocation.diffusersOrderList(7, 2, true, false)).containsExactly(1, 2, 1, 2, 1, 2, 1);
        assertThat(OrderAllocation.diffusersOrderList(6, 3, false, false)).containsExactly(1, 2, 3, 1, 2, 3);
        assertThat(OrderAllocation.diffusersOrderList(2, 3, true, true)).containsExactly(1, 1);
        assertThat(OrderAllocation.diffusersOrderList(1, 2, true, true)).containsExactly(1);
    }

    @Test
    void runsOfTheListAreSteps() {
        assertThat(OrderAllocation.DIFFUSERS.orders(3, 10)).containsExactly(3, 3, 3, 1);
        assertThat(OrderAllocation.DIFFUSERS.orders(2, 10)).containsExactly(2, 2, 2, 2, 1, 1);
        assertThat(OrderAllocation.DIFFUSERS.orders(3, 8)).containsExactly(3, 3, 1, 1);
        for (int order = 1; order <= 3; order++) {
            for (int nfe = 1; nfe <= 40; nfe++) {
                assertThat(OrderAllocation.DIFFUSERS.modelCalls(order, nfe)).isEqualTo(nfe);
                int[] steps = OrderAllocation.DIFFUSERS.orders(order, nfe);
                assertThat(steps[steps.length - 1]).as("first-order last step into zero noise").isEqualTo(1);
            }
        }
    }
}
