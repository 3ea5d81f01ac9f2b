package com.teesql.jdbc.tls;

import java.lang.ref.WeakReference;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlertReceived;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.teesql.jdbc.dstack.TlsKey;
import com.teesql.jdbc.errors.TeeSqlException;

/**
 * The RA-TLS client certificate of one connector, renewed from the guest agent before it expires.
 * <p>
 * The first certificate is fetched on the first connection. Each certificate schedules its own renewal in the
 * background once two thirds of its validity have passed; connections keep using the current certificate
 * meanwhile and never wait for a renewal. A failed renewal keeps the current certificate while it is valid and is
 * retried. Only when no valid certificate is left (the guest agent stayed unreachable until expiry) does a
 * connection fetch one itself. A handshake that the server refuses with an alert naming the client certificate
 * replaces the certificate at once.
 */
final class ClientCertificateSource implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ClientCertificateSource.class);

	/** Renewal starts when this fraction of the validity is left. */
	private static final int REMAINING_FRACTION = 3;

	private static final Duration MIN_RETRY = Duration.ofSeconds(1);

	private static final Duration MAX_RETRY = Duration.ofMinutes(1);

	// TLS alerts a server sends about the certificate the client presented (RFC 8446 6.2, RFC 5246 7.2.2), as
	// BouncyCastle's JSSE (the connector's sockets) and the JDK's (a reactive driver's engine) report them.
	private static final Set<Short> CLIENT_CERTIFICATE_ALERTS = Set.of(AlertDescription.bad_certificate,
			AlertDescription.unsupported_certificate, AlertDescription.certificate_revoked,
			AlertDescription.certificate_expired, AlertDescription.certificate_unknown,
			AlertDescription.certificate_required);

	private static final Pattern CLIENT_CERTIFICATE_ALERT = Pattern.compile("Received fatal alert: (bad_certificate|"
			+ "unsupported_certificate|certificate_revoked|certificate_expired|certificate_unknown|certificate_required)");

	/**
	 * Fetches a new key and certificate.
	 */
	@FunctionalInterface
	interface Fetcher {

		TlsKey fetch() throws TeeSqlException;

	}

	private final Fetcher fetcher;

	private final Clock clock;

	private final RefreshScheduler scheduler;

	private final String target;

	private final Object lock = new Object();

	private volatile Material current;

	private Future<?> pendingRefresh;

	private boolean closed;

	ClientCertificateSource(Fetcher fetcher, Clock clock, RefreshScheduler scheduler, String target) {
		this.fetcher = fetcher;
		this.clock = clock;
		this.scheduler = scheduler;
		this.target = target;
	}

	/**
	 * The key manager for the next handshake: the current certificate while it is valid, otherwise a new one.
	 * @return the key manager
	 * @throws TeeSqlException if a certificate had to be fetched and the guest agent failed
	 */
	ClientKeyManager keyManager() throws TeeSqlException {
		Material material = this.current;
		if (material != null && material.validAt(this.clock.instant())) {
			return material.keyManager();
		}
		synchronized (this.lock) {
			material = this.current;
			if (material != null && material.validAt(this.clock.instant())) {
				return material.keyManager();
			}
			if (material != null) {
				logger.info("Client certificate for {} expired at {} before it could be renewed; fetching a new one",
						this.target, material.notAfter());
			}
			return install(this.fetcher.fetch()).keyManager();
		}
	}

	/**
	 * The leaf certificate currently presented, if one was fetched.
	 * @return the certificate
	 */
	Optional<X509Certificate> certificate() {
		Material material = this.current;
		return (material != null) ? Optional.of(material.leaf()) : Optional.empty();
	}

	/**
	 * Whether a handshake failure is the server refusing the client certificate.
	 * @param failure the failure
	 * @return {@code true} if some cause is a TLS alert about the certificate
	 */
	static boolean refusesClientCertificate(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TlsFatalAlertReceived received
					&& CLIENT_CERTIFICATE_ALERTS.contains(received.getAlertDescription())) {
				return true;
			}
			if (cause.getMessage() != null && CLIENT_CERTIFICATE_ALERT.matcher(cause.getMessage()).find()) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/**
	 * The server refused the certificate of {@code used}: replace it now, unless another thread already did.
	 * @param used the key manager the refused handshake used
	 */
	void refused(ClientKeyManager used) {
		synchronized (this.lock) {
			Material material = this.current;
			if (this.closed || material == null || material.keyManager() != used) {
				return;
			}
			logger.warn("Server {} refused the client certificate (serial {}, valid until {}); fetching a new one",
					this.target, material.leaf().getSerialNumber().toString(16), material.notAfter());
			try {
				install(this.fetcher.fetch());
			}
			catch (TeeSqlException ex) {
				logger.warn("Could not renew the refused client certificate for {}: {}", this.target, ex.getMessage());
			}
		}
	}

	// Called with the lock held.
	private Material install(TlsKey key) {
		Material material = new Material(new ClientKeyManager(key), key.leaf());
		this.current = material;
		if (this.pendingRefresh != null) {
			this.pendingRefresh.cancel(false);
		}
		if (!this.closed) {
			Instant now = this.clock.instant();
			this.pendingRefresh = schedule(Duration.between(now, material.renewAt()));
		}
		return material;
	}

	private Future<?> schedule(Duration delay) {
		// The task must not keep a connector that nobody closed alive (and renewing) for ever.
		WeakReference<ClientCertificateSource> source = new WeakReference<>(this);
		return this.scheduler.schedule(() -> {
			ClientCertificateSource live = source.get();
			if (live != null) {
				live.renew();
			}
		}, delay.isNegative() ? Duration.ZERO : delay);
	}

	/**
	 * The background renewal.
	 */
	void renew() {
		TlsKey key;
		try {
			key = this.fetcher.fetch();
		}
		catch (TeeSqlException | RuntimeException ex) {
			retryLater(ex);
			return;
		}
		synchronized (this.lock) {
			if (!this.closed) {
				Material installed = install(key);
				logger.debug("Renewed the client certificate for {}: valid until {}", this.target,
						installed.notAfter());
			}
		}
	}

	private void retryLater(Exception failure) {
		synchronized (this.lock) {
			Material material = this.current;
			Instant now = this.clock.instant();
			if (this.closed || material == null || !material.validAt(now)) {
				// Nothing valid left to protect: the next connection fetches one itself.
				logger.warn("Could not renew the client certificate for {}: {}", this.target, failure.getMessage());
				return;
			}
			Duration remaining = Duration.between(now, material.notAfter());
			Duration retry = clamp(remaining.dividedBy(4));
			logger.warn("Could not renew the client certificate for {} (current one valid until {}); retrying in {}: {}",
					this.target, material.notAfter(), retry, failure.getMessage());
			this.pendingRefresh = schedule(retry);
		}
	}

	private static Duration clamp(Duration value) {
		if (value.compareTo(MIN_RETRY) < 0) {
			return MIN_RETRY;
		}
		return (value.compareTo(MAX_RETRY) > 0) ? MAX_RETRY : value;
	}

	@Override
	public void close() {
		synchronized (this.lock) {
			this.closed = true;
			if (this.pendingRefresh != null) {
				this.pendingRefresh.cancel(false);
				this.pendingRefresh = null;
			}
		}
	}

	private record Material(ClientKeyManager keyManager, X509Certificate leaf) {

		Instant notBefore() {
			return this.leaf.getNotBefore().toInstant();
		}

		Instant notAfter() {
			return this.leaf.getNotAfter().toInstant();
		}

		boolean validAt(Instant instant) {
			return instant.isBefore(notAfter());
		}

		Instant renewAt() {
			Duration validity = Duration.between(notBefore(), notAfter());
			return notAfter().minus(validity.dividedBy(REMAINING_FRACTION));
		}

	}

}
