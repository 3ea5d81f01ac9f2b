package com.teesql.jdbc.manifest;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.CharacterCodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import com.teesql.jdbc.text.StrictUtf8;

/**
 * Fetches the signed leader manifest of a cluster from DNS ({@code TXT _teesql-leader.<domain>}) and returns the one
 * that verifies (protocol §6.1–6.2).
 * <p>
 * Uses dnsjava rather than JNDI, which joins a record's character-strings with spaces and breaks every signature.
 * Each record's strings are joined with no separator. Every record is tried (an active-active controller may publish
 * several); of those that verify, the highest epoch wins. Queries go straight to the configured servers (default: the
 * system's, from {@code resolv.conf}) without an application cache, so {@link #resolve(String)} always sees what DNS
 * serves now; UDP answers with the TC bit are retried over TCP. Every query is bounded by the timeout.
 */
public final class ManifestResolver {

	private static final Logger logger = LoggerFactory.getLogger(ManifestResolver.class);

	/** Prefix of the manifest record name. */
	public static final String RECORD_PREFIX = "_teesql-leader.";

	/** Default bound on one lookup (the Python client's resolver lifetime). */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

	private final ManifestVerifier verifier;

	private final List<InetSocketAddress> servers;

	private final Duration timeout;

	private ManifestResolver(Builder builder) {
		this.verifier = builder.verifier;
		this.servers = List.copyOf(builder.servers);
		this.timeout = builder.timeout;
	}

	/**
	 * Start building a resolver.
	 * @param verifier the verifier every TXT record is checked with
	 * @return the builder
	 */
	public static Builder builder(ManifestVerifier verifier) {
		return new Builder(verifier);
	}

	/**
	 * The record name for a cluster domain; a name that already starts with {@code _teesql-leader.} is kept.
	 * @param domain the cluster domain, for example {@code 62e509856e.teesql.com}
	 * @return the record name without a trailing dot
	 */
	public static String recordName(String domain) {
		String name = (domain != null) ? domain.trim() : "";
		if (name.endsWith(".")) {
			name = name.substring(0, name.length() - 1);
		}
		if (name.isEmpty()) {
			throw new IllegalArgumentException("cluster domain is empty");
		}
		return name.toLowerCase(Locale.ROOT).startsWith(RECORD_PREFIX) ? name : RECORD_PREFIX + name;
	}

	/**
	 * Look up and verify the cluster's manifest.
	 * @param domain the cluster domain (or the full record name)
	 * @return the verified manifest with the highest epoch among the records that verify
	 * @throws ManifestNotFoundException when there is no TXT record
	 * @throws ManifestResolutionException when DNS cannot be asked
	 * @throws ManifestException the refusal when the only record is refused
	 * @throws ManifestRejectedException when several records are all refused
	 */
	public LeaderManifest resolve(String domain) throws ManifestException {
		String name = recordName(domain);
		List<String> records = lookupTxt(name);
		LeaderManifest best = null;
		List<ManifestException> refusals = new ArrayList<>();
		for (String txt : records) {
			try {
				LeaderManifest manifest = this.verifier.verify(txt);
				if (best == null || manifest.epoch() > best.epoch()) {
					best = manifest;
				}
			}
			catch (ManifestException ex) {
				refusals.add(ex);
			}
		}
		if (best != null) {
			if (!refusals.isEmpty()) {
				logger.debug("Ignored {} of {} TXT records at {}: {}", refusals.size(), records.size(), name,
						refusals.stream().map(Throwable::getMessage).toList());
			}
			logger.debug("Manifest resolved: cluster={} epoch={} leader_url={}", best.cluster(), best.epoch(),
					best.leaderUrl());
			return best;
		}
		if (refusals.size() == 1) {
			throw refusals.get(0);
		}
		StringBuilder message = new StringBuilder("no valid manifest among " + refusals.size() + " TXT records at "
				+ name + ":");
		for (int i = 0; i < refusals.size(); i++) {
			message.append(" [").append(i + 1).append("] ").append(refusals.get(i).getMessage());
			message.append((i + 1 < refusals.size()) ? ";" : "");
		}
		ManifestRejectedException rejected = new ManifestRejectedException(message.toString());
		refusals.forEach(rejected::addSuppressed);
		throw rejected;
	}

	/**
	 * Fetch the raw TXT strings at the manifest name, each record's character-strings joined without separator.
	 * @param domain the cluster domain (or the full record name)
	 * @return one string per TXT record, in answer order
	 * @throws ManifestNotFoundException when there is no TXT record
	 * @throws ManifestResolutionException when DNS cannot be asked
	 */
	public List<String> lookupTxt(String domain) throws ManifestResolutionException, ManifestNotFoundException {
		String name = recordName(domain);
		Name qname;
		try {
			qname = Name.fromString(name, Name.root);
		}
		catch (TextParseException ex) {
			throw new ManifestResolutionException("invalid cluster domain '" + ManifestParser.shorten(name) + "': "
					+ ex.getMessage());
		}
		Message response = send(Message.newQuery(Record.newRecord(qname, Type.TXT, DClass.IN)), name);
		int rcode = response.getRcode();
		if (rcode == Rcode.NXDOMAIN) {
			throw new ManifestNotFoundException("no TXT records for " + name + " (NXDOMAIN)");
		}
		if (rcode != Rcode.NOERROR) {
			throw new ManifestResolutionException(
					"DNS query for " + name + " failed: " + Rcode.string(rcode) + " from " + describeServers());
		}
		List<String> records = new ArrayList<>();
		for (Record record : response.getSection(Section.ANSWER)) {
			if (record instanceof TXTRecord txt) {
				joined(txt, name).ifPresent(records::add);
			}
		}
		if (records.isEmpty()) {
			throw new ManifestNotFoundException("no TXT records for " + name);
		}
		return records;
	}

	private Message send(Message query, String name) throws ManifestResolutionException {
		CompletableFuture<Message> answer = resolver().sendAsync(query).toCompletableFuture();
		try {
			// dnsjava enforces the timeout itself; this outer bound only guards against a lost completion.
			return answer.get(this.timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			answer.cancel(true);
			throw timedOut(name, ex);
		}
		catch (InterruptedException ex) {
			answer.cancel(true);
			Thread.currentThread().interrupt();
			throw new ManifestResolutionException("interrupted while looking up " + name, ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof java.net.SocketTimeoutException || cause instanceof TimeoutException) {
				throw timedOut(name, cause);
			}
			throw new ManifestResolutionException("DNS query for " + name + " via " + describeServers() + " failed: "
					+ cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
		}
	}

	private ManifestResolutionException timedOut(String name, Throwable cause) {
		return new ManifestResolutionException("DNS query for " + name + " timed out after "
				+ this.timeout.toMillis() + " ms via " + describeServers(), cause);
	}

	// A fresh dnsjava resolver per lookup keeps no state (and no cache) between lookups; building one is cheap.
	private Resolver resolver() throws ManifestResolutionException {
		List<InetSocketAddress> targets = servers();
		List<Resolver> resolvers = new ArrayList<>();
		for (InetSocketAddress server : targets) {
			SimpleResolver simple = new SimpleResolver(server);
			simple.setTimeout(this.timeout.dividedBy(targets.size()));
			resolvers.add(simple);
		}
		if (resolvers.size() == 1) {
			return resolvers.get(0);
		}
		ExtendedResolver extended = new ExtendedResolver(resolvers);
		extended.setLoadBalance(false);
		extended.setRetries(1);
		extended.setTimeout(this.timeout);
		return extended;
	}

	private List<InetSocketAddress> servers() throws ManifestResolutionException {
		if (!this.servers.isEmpty()) {
			return this.servers;
		}
		List<InetSocketAddress> system = ResolverConfig.getCurrentConfig().servers();
		if (system.isEmpty()) {
			throw new ManifestResolutionException(
					"no DNS servers configured on this system; configure the manifest resolvers explicitly");
		}
		return system;
	}

	private String describeServers() {
		if (this.servers.isEmpty()) {
			return "system resolvers " + ResolverConfig.getCurrentConfig().servers();
		}
		return this.servers.toString();
	}

	private static Optional<String> joined(TXTRecord record, String name) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (byte[] string : record.getStringsAsByteArrays()) {
			bytes.writeBytes(string);
		}
		try {
			return Optional.of(StrictUtf8.decode(bytes.toByteArray()));
		}
		catch (CharacterCodingException ex) {
			logger.debug("Ignoring a TXT record at {} that is not UTF-8", name);
			return Optional.empty();
		}
	}

	/**
	 * The verifier records are checked with.
	 * @return the verifier
	 */
	public ManifestVerifier verifier() {
		return this.verifier;
	}

	/**
	 * The bound on one lookup.
	 * @return the timeout
	 */
	public Duration timeout() {
		return this.timeout;
	}

	@Override
	public String toString() {
		return "ManifestResolver[servers=" + (this.servers.isEmpty() ? "system" : this.servers) + ", timeout="
				+ this.timeout + ", " + this.verifier + "]";
	}

	/**
	 * Builder for {@link ManifestResolver}.
	 */
	public static final class Builder {

		private final ManifestVerifier verifier;

		private final List<InetSocketAddress> servers = new ArrayList<>();

		private Duration timeout = DEFAULT_TIMEOUT;

		private Builder(ManifestVerifier verifier) {
			this.verifier = Objects.requireNonNull(verifier, "verifier");
		}

		/**
		 * DNS servers to ask, in order, instead of the system's.
		 * @param servers {@code host}, {@code host:port} or {@code [ipv6]:port} entries (port 53 by default)
		 * @return this builder
		 * @throws IllegalArgumentException naming an entry that is not an address
		 */
		public Builder resolvers(List<String> servers) {
			this.servers.clear();
			for (String server : servers) {
				this.servers.add(DnsServerAddress.parse(server));
			}
			return this;
		}

		/**
		 * Bound on one lookup, across all servers and the TCP retry; default 5 s.
		 * @param timeout a positive duration
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			if (timeout == null || timeout.isZero() || timeout.isNegative()) {
				throw new IllegalArgumentException("manifest DNS timeout must be positive, got " + timeout);
			}
			this.timeout = timeout;
			return this;
		}

		/**
		 * Build the resolver.
		 * @return the resolver
		 */
		public ManifestResolver build() {
			return new ManifestResolver(this);
		}

	}

}
