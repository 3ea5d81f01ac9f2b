package com.teesql.jdbc.routing;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * A pool as borrowers see it, until it is retired. Once its leader is replaced, no borrow returns one of its
 * connections: a new borrow fails at once, and a borrower already waiting for a connection is woken instead of
 * waiting out Hikari's {@code connectionTimeout} (30 s by default) for a fenced leader that will never answer —
 * the wait that kept writers off the new leader for seconds after a failover. Either way it fails with a
 * {@link LeaderRetiredException}, which the routing DataSource retries on the current leader.
 * <p>
 * Hikari offers no way to cancel a waiting borrow other than interrupting the waiting thread, and closing a pool
 * does not wake its waiters. So retiring interrupts exactly the threads inside this data source's
 * {@link #getConnection()}, and each of them clears that interrupt before it leaves: no interrupt ever escapes to the
 * application. A thread claimed by {@link #retire()} waits (briefly, while {@code retire} delivers it) for the
 * interrupt before clearing it, so a late interrupt cannot land after the thread left.
 */
final class RetirableDataSource implements DataSource {

	private static final int WAITING = 0;

	private static final int DONE = 1;

	private static final int INTERRUPTING = 2;

	private static final int INTERRUPTED = 3;

	private final HikariDataSource pool;

	private final String leader;

	private final Set<Borrower> borrowers = ConcurrentHashMap.newKeySet();

	private volatile boolean retired;

	RetirableDataSource(HikariDataSource pool, String leader) {
		this.pool = pool;
		this.leader = leader;
	}

	/**
	 * Refuse every later borrow and wake the borrowers waiting now.
	 */
	void retire() {
		this.retired = true;
		for (Borrower borrower : this.borrowers) {
			if (borrower.state.compareAndSet(WAITING, INTERRUPTING)) {
				borrower.thread.interrupt();
				borrower.state.set(INTERRUPTED);
			}
		}
	}

	boolean isRetired() {
		return this.retired;
	}

	@Override
	public Connection getConnection() throws SQLException {
		if (this.retired) {
			throw new LeaderRetiredException(this.leader, null);
		}
		Borrower borrower = new Borrower(Thread.currentThread());
		this.borrowers.add(borrower);
		Connection connection = null;
		SQLException failure = null;
		try {
			connection = this.pool.getConnection();
		}
		catch (SQLException ex) {
			failure = ex;
		}
		finally {
			this.borrowers.remove(borrower);
			if (!borrower.state.compareAndSet(WAITING, DONE)) {
				while (borrower.state.get() != INTERRUPTED) {
					Thread.onSpinWait();
				}
				// The interrupt was ours, to end the wait: clear it.
				Thread.interrupted();
			}
		}
		if (this.retired) {
			// Retired while borrowing: a connection to a leader the manifest no longer names is never handed out.
			if (connection != null) {
				closeQuietly(connection, failure);
			}
			throw new LeaderRetiredException(this.leader, failure);
		}
		if (failure != null) {
			throw failure;
		}
		return connection;
	}

	private static void closeQuietly(Connection connection, SQLException failure) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			if (failure != null) {
				failure.addSuppressed(ex);
			}
		}
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new SQLFeatureNotSupportedException("TeeSQL leader pools authenticate with the configured role and "
				+ "cluster secret; getConnection(username, password) is not supported");
	}

	@Override
	public PrintWriter getLogWriter() throws SQLException {
		return this.pool.getLogWriter();
	}

	@Override
	public void setLogWriter(PrintWriter out) throws SQLException {
		this.pool.setLogWriter(out);
	}

	@Override
	public void setLoginTimeout(int seconds) throws SQLException {
		this.pool.setLoginTimeout(seconds);
	}

	@Override
	public int getLoginTimeout() throws SQLException {
		return this.pool.getLoginTimeout();
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		return this.pool.getParentLogger();
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this.pool)) {
			return iface.cast(this.pool);
		}
		return this.pool.unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return iface.isInstance(this.pool) || this.pool.isWrapperFor(iface);
	}

	@Override
	public String toString() {
		return "RetirableDataSource[" + this.pool.getPoolName() + (this.retired ? ", retired" : "") + "]";
	}

	private static final class Borrower {

		private final Thread thread;

		private final AtomicInteger state = new AtomicInteger(WAITING);

		Borrower(Thread thread) {
			this.thread = thread;
		}

	}

}
