package dev.mercato.orders;

import java.util.List;
import java.util.concurrent.Callable;

/** Runs a task on many virtual threads at once (shared by concurrency tests outside this package). */
public final class CheckoutApiTestsAccess {

    private CheckoutApiTestsAccess() {
    }

    public static <T> List<T> parallel(int n, Callable<T> task) throws Exception {
        return CheckoutApiTests.parallel(n, task);
    }
}
