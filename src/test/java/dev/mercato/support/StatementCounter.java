package dev.mercato.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Counts the statements prepared while an HTTP request is being handled (Spring has bound request
 * attributes to the thread), so a test can tell how many queries one request ran while background
 * jobs, which run outside any request, go uncounted. Threads are virtual, so their names tell
 * nothing. Register it as a bean; it wraps every {@link DataSource} bean.
 */
public final class StatementCounter implements BeanPostProcessor {

    private static final Set<String> PREPARING = Set.of("prepareStatement", "prepareCall", "createStatement");

    private final AtomicInteger statements = new AtomicInteger();
    private final java.util.Queue<String> sql = new java.util.concurrent.ConcurrentLinkedQueue<>();

    public void reset() {
        statements.set(0);
        sql.clear();
    }

    /** The statements counted since the last reset, in order (first line of each), to say which one is new when a count grows. */
    public java.util.List<String> sql() {
        return java.util.List.copyOf(sql);
    }

    public int count() {
        return statements.get();
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource target && !(bean instanceof Counting)) {
            return new Counting(target);
        }
        return bean;
    }

    private final class Counting extends DelegatingDataSource {

        Counting(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return counting(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return counting(super.getConnection(username, password));
        }

        private Connection counting(Connection connection) {
            InvocationHandler handler = (proxy, method, args) -> {
                if (PREPARING.contains(method.getName()) && RequestContextHolder.getRequestAttributes() != null) {
                    statements.incrementAndGet();
                    sql.add(args != null && args.length > 0 && args[0] instanceof String text ? text.strip().lines().findFirst().orElse("") : "");
                }
                return invoke(connection, method, args);
            };
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
