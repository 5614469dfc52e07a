package com.talkhint.testing;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A real database made slow: the driver's DataSource, wrapped so that every statement sent to the database (an
 * {@code execute*}; a JDBC batch is one round trip) first sleeps for a fixed time, on the threads chosen. It also
 * records how many rows each JDBC batch carried. Only the third-party JDBC objects are wrapped; the sleep stands for
 * a database that takes that long to answer.
 */
public final class SlowDataSource implements DataSource, AutoCloseable {

	private final DataSource delegate;

	private final long delayMs;

	private final Predicate<Thread> slowOn;

	private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

	/**
	 * @param delayMs how long each statement takes
	 * @param slowOn which threads' statements are slow (e.g. only the writer's, so a test's own setup is quick)
	 */
	public SlowDataSource(DataSource delegate, long delayMs, Predicate<Thread> slowOn) {
		this.delegate = delegate;
		this.delayMs = delayMs;
		this.slowOn = slowOn;
	}

	/** Every thread's statements are slow. */
	public SlowDataSource(DataSource delegate, long delayMs) {
		this(delegate, delayMs, (thread) -> true);
	}

	/** The number of rows in each JDBC batch executed so far, in order. */
	public List<Integer> batchSizes() {
		return List.copyOf(this.batchSizes);
	}

	@Override
	public Connection getConnection() throws SQLException {
		return connection(this.delegate.getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return connection(this.delegate.getConnection(username, password));
	}

	private Connection connection(Connection real) {
		return proxy(Connection.class, real, (method, args) -> {
			Object result = invoke(method, real, args);
			if (result instanceof CallableStatement s) {
				return statement(CallableStatement.class, s);
			}
			if (result instanceof PreparedStatement s) {
				return statement(PreparedStatement.class, s);
			}
			if (result instanceof Statement s) {
				return statement(Statement.class, s);
			}
			return result;
		});
	}

	private <S extends Statement> S statement(Class<S> type, S real) {
		int[] rows = new int[1];
		return proxy(type, real, (method, args) -> {
			String name = method.getName();
			if (name.equals("addBatch")) {
				rows[0]++;
			}
			else if (name.startsWith("execute")) {
				if (this.slowOn.test(Thread.currentThread())) {
					Thread.sleep(this.delayMs); // the database's answer takes this long
				}
				if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
					this.batchSizes.add(rows[0]);
					rows[0] = 0;
				}
			}
			return invoke(method, real, args);
		});
	}

	private interface Handler {

		Object handle(Method method, Object[] args) throws Throwable;

	}

	private static <T> T proxy(Class<T> type, T real, Handler handler) {
		InvocationHandler h = (proxy, method, args) -> handler.handle(method, args);
		return type.cast(Proxy.newProxyInstance(SlowDataSource.class.getClassLoader(), new Class<?>[] { type }, h));
	}

	private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	@Override
	public void close() throws Exception {
		if (this.delegate instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

	@Override
	public PrintWriter getLogWriter() throws SQLException {
		return this.delegate.getLogWriter();
	}

	@Override
	public void setLogWriter(PrintWriter out) throws SQLException {
		this.delegate.setLogWriter(out);
	}

	@Override
	public void setLoginTimeout(int seconds) throws SQLException {
		this.delegate.setLoginTimeout(seconds);
	}

	@Override
	public int getLoginTimeout() throws SQLException {
		return this.delegate.getLoginTimeout();
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		return this.delegate.getParentLogger();
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		return iface.isInstance(this) ? iface.cast(this) : this.delegate.unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return iface.isInstance(this) || this.delegate.isWrapperFor(iface);
	}

}
