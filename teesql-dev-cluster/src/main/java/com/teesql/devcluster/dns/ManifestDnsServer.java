package com.teesql.devcluster.dns;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * An authoritative DNS server for one name, {@code _teesql-leader.<domain>}, on a loopback UDP socket and a TCP
 * socket with the same port, serving signed leader manifests the way the production DNS controller does: TXT records
 * split into 255-byte character-strings, TTL {@value #TTL_SECONDS} s, {@code NXDOMAIN} for any other name.
 * <p>
 * Over UDP an answer is limited to 512 bytes, or to the client's EDNS payload size (at most 1232) when EDNS is
 * enabled; a longer answer is truncated with the TC bit so the client must retry over TCP. Knobs publish expired,
 * forged, rolled-back and other-cluster manifests, garbage records next to the valid one, and simulate outages.
 */
public final class ManifestDnsServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ManifestDnsServer.class);

	/** TTL of the published TXT records, as the production controller's {@code record_ttl_secs}. */
	public static final int TTL_SECONDS = 30;

	private static final int CLASSIC_UDP_LIMIT = 512;

	private static final int MAX_EDNS_PAYLOAD = 1232;

	private static final int MAX_STRING = 255;

	private static final Duration TCP_IDLE_TIMEOUT = Duration.ofSeconds(5);

	private static final AtomicInteger serverCount = new AtomicInteger();

	private final Name recordName;

	private final ManifestSigner signer;

	private final DatagramSocket udp;

	private final ServerSocket tcp;

	private final ExecutorService workers;

	private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

	private final AtomicLong udpQueries = new AtomicLong();

	private final AtomicLong tcpQueries = new AtomicLong();

	private final AtomicLong truncatedAnswers = new AtomicLong();

	private volatile List<byte[]> records = List.of();

	private volatile ManifestFields lastPublished;

	private volatile DnsOutage outage = DnsOutage.NONE;

	private volatile boolean ednsSupported = true;

	private volatile boolean closed;

	private ManifestDnsServer(Name recordName, ManifestSigner signer) throws IOException {
		this.recordName = recordName;
		this.signer = signer;
		ServerSocket boundTcp = null;
		DatagramSocket boundUdp = null;
		InetAddress loopback = InetAddress.getLoopbackAddress();
		// Bind TCP on an ephemeral port, then UDP on the same number; retry if that UDP port happens to be taken.
		for (int attempt = 0; boundUdp == null; attempt++) {
			boundTcp = new ServerSocket(0, 50, loopback);
			try {
				boundUdp = new DatagramSocket(new InetSocketAddress(loopback, boundTcp.getLocalPort()));
			}
			catch (BindException ex) {
				boundTcp.close();
				if (attempt == 10) {
					throw ex;
				}
			}
		}
		this.tcp = boundTcp;
		this.udp = boundUdp;
		int id = serverCount.incrementAndGet();
		this.workers = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "dev-manifest-dns-" + id);
			thread.setDaemon(true);
			return thread;
		});
		this.workers.execute(this::serveUdp);
		this.workers.execute(this::acceptTcp);
		logger.info("Dev manifest DNS server for {} listening on {} (UDP and TCP), signer {}", recordName, address(),
				signer.address());
	}

	/**
	 * Start a server with a fresh random signing key.
	 * @param domain the cluster domain ({@code _teesql-leader.} is prefixed unless present)
	 * @return the running server, publishing nothing yet
	 * @throws IOException when the sockets cannot be bound
	 */
	public static ManifestDnsServer start(String domain) throws IOException {
		return start(domain, ManifestSigner.random());
	}

	/**
	 * Start a server.
	 * @param domain the cluster domain ({@code _teesql-leader.} is prefixed unless present)
	 * @param signer the signing key
	 * @return the running server, publishing nothing yet
	 * @throws IOException when the sockets cannot be bound
	 */
	public static ManifestDnsServer start(String domain, ManifestSigner signer) throws IOException {
		String name = domain.trim();
		if (!name.toLowerCase(Locale.ROOT).startsWith("_teesql-leader.")) {
			name = "_teesql-leader." + name;
		}
		try {
			return new ManifestDnsServer(Name.fromString(name, Name.root), signer);
		}
		catch (TextParseException ex) {
			throw new IllegalArgumentException("invalid cluster domain '" + domain + "': " + ex.getMessage(), ex);
		}
	}

	/**
	 * Publish a valid signed manifest (replacing whatever was published).
	 * @param fields the manifest
	 * @return the published TXT string
	 */
	public String publish(ManifestFields fields) {
		String txt = this.signer.sign(fields);
		this.lastPublished = fields;
		publishRaw(List.of(txt));
		return txt;
	}

	/**
	 * Knob: publish a correctly signed manifest whose {@code valid_until} is a minute in the past.
	 * @param fields the manifest (its {@code valid_until} is replaced)
	 * @return the published TXT string
	 */
	public String publishExpired(ManifestFields fields) {
		return publish(fields.withValidUntil(System.currentTimeMillis() / 1000 - 60));
	}

	/**
	 * Knob: publish a forgery — the signature covers the fields, but the published {@code leader_url} points
	 * elsewhere, so the signature recovers another address.
	 * @param fields the manifest that was signed
	 * @param forgedLeaderUrl the URL published instead
	 * @return the published TXT string
	 */
	public String publishForged(ManifestFields fields, String forgedLeaderUrl) {
		String signature = this.signer.signBody(fields.canonicalBody());
		String txt = fields.withLeaderUrl(forgedLeaderUrl).txt(signature);
		publishRaw(List.of(txt));
		return txt;
	}

	/**
	 * Knob: re-publish the last valid manifest with its epoch lowered by one and otherwise still valid — what an
	 * attacker replaying a former leader's manifest serves.
	 * @return the published TXT string
	 */
	public String publishRolledBack() {
		ManifestFields last = this.lastPublished;
		if (last == null || last.epoch() == 0) {
			throw new IllegalStateException("publish a manifest with an epoch above 0 first");
		}
		String txt = this.signer.sign(last.withEpoch(last.epoch() - 1));
		publishRaw(List.of(txt));
		return txt;
	}

	/**
	 * Knob: publish a correctly signed manifest for another cluster.
	 * @param fields the manifest (its cluster is replaced)
	 * @param otherCluster the other cluster's address
	 * @return the published TXT string
	 */
	public String publishForOtherCluster(ManifestFields fields, String otherCluster) {
		String txt = this.signer.sign(fields.withCluster(otherCluster));
		publishRaw(List.of(txt));
		return txt;
	}

	/**
	 * Knob: publish two records — a garbage TXT first, then the valid signed manifest — as a misconfigured
	 * active-active controller might.
	 * @param fields the valid manifest
	 * @return the valid TXT string
	 */
	public String publishWithGarbage(ManifestFields fields) {
		String txt = this.signer.sign(fields);
		this.lastPublished = fields;
		publishRaw(List.of("v=spf1 -all garbage;sig=0x" + "00".repeat(65), txt));
		return txt;
	}

	/**
	 * Publish arbitrary TXT strings, one record each (each split into 255-byte character-strings).
	 * @param txtRecords the strings; empty to answer with no data
	 */
	public void publishRaw(List<String> txtRecords) {
		List<byte[]> rdata = new ArrayList<>();
		for (String txt : txtRecords) {
			rdata.add(rdata(txt.getBytes(StandardCharsets.UTF_8)));
		}
		this.records = List.copyOf(rdata);
	}

	/**
	 * Knob: simulate an outage (or end it with {@link DnsOutage#NONE}).
	 * @param outage the behaviour
	 */
	public void outage(DnsOutage outage) {
		this.outage = Objects.requireNonNull(outage, "outage");
	}

	/**
	 * Knob: whether the server honours EDNS payload sizes; without, UDP answers above 512 bytes are truncated.
	 * @param supported {@code true} by default
	 */
	public void ednsSupported(boolean supported) {
		this.ednsSupported = supported;
	}

	private static byte[] rdata(byte[] text) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int offset = 0; offset < text.length || offset == 0; offset += MAX_STRING) {
			int length = Math.min(MAX_STRING, text.length - offset);
			out.write(length);
			out.write(text, offset, length);
		}
		return out.toByteArray();
	}

	private void serveUdp() {
		byte[] buffer = new byte[4096];
		while (!this.closed) {
			DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
			try {
				this.udp.receive(packet);
				this.udpQueries.incrementAndGet();
				byte[] query = Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getLength());
				byte[] answer = answer(query, true);
				if (answer != null) {
					this.udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
				}
			}
			catch (SocketException ex) {
				if (!this.closed) {
					logger.warn("Dev manifest DNS server UDP socket failed", ex);
				}
				return;
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Dropping an unusable UDP DNS query: {}", ex.toString());
			}
		}
	}

	private void acceptTcp() {
		while (!this.closed) {
			try {
				Socket connection = this.tcp.accept();
				this.connections.add(connection);
				this.workers.execute(() -> serveTcp(connection));
			}
			catch (IOException ex) {
				if (!this.closed) {
					logger.warn("Dev manifest DNS server TCP accept failed", ex);
				}
				return;
			}
		}
	}

	private void serveTcp(Socket connection) {
		try (connection) {
			connection.setSoTimeout((int) TCP_IDLE_TIMEOUT.toMillis());
			DataInputStream in = new DataInputStream(connection.getInputStream());
			DataOutputStream out = new DataOutputStream(connection.getOutputStream());
			while (!this.closed) {
				int length;
				try {
					length = in.readUnsignedShort();
				}
				catch (EOFException | SocketTimeoutException ex) {
					return;
				}
				byte[] query = in.readNBytes(length);
				if (query.length != length) {
					return;
				}
				this.tcpQueries.incrementAndGet();
				byte[] answer = answer(query, false);
				if (answer != null) {
					out.writeShort(answer.length);
					out.write(answer);
					out.flush();
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			if (!this.closed) {
				logger.debug("Dev manifest DNS TCP connection ended: {}", ex.toString());
			}
		}
		finally {
			this.connections.remove(connection);
		}
	}

	private byte[] answer(byte[] queryBytes, boolean udp) throws IOException {
		Message query = new Message(queryBytes);
		Record question = query.getQuestion();
		Message response = new Message(query.getHeader().getID());
		response.getHeader().setFlag(Flags.QR);
		response.getHeader().setOpcode(Opcode.QUERY);
		if (query.getHeader().getFlag(Flags.RD)) {
			response.getHeader().setFlag(Flags.RD);
		}
		if (question == null || query.getHeader().getOpcode() != Opcode.QUERY) {
			response.getHeader().setRcode(Rcode.FORMERR);
			return response.toWire();
		}
		response.addRecord(question, Section.QUESTION);
		DnsOutage mode = this.outage;
		if (mode == DnsOutage.SILENT) {
			return null;
		}
		if (mode == DnsOutage.REFUSED || mode == DnsOutage.SERVFAIL) {
			response.getHeader().setRcode((mode == DnsOutage.REFUSED) ? Rcode.REFUSED : Rcode.SERVFAIL);
			return response.toWire();
		}
		response.getHeader().setFlag(Flags.AA);
		if (!question.getName().equals(this.recordName)) {
			response.getHeader().setRcode(Rcode.NXDOMAIN);
		}
		else if (question.getType() == Type.TXT || question.getType() == Type.ANY) {
			for (byte[] rdata : this.records) {
				response.addRecord(Record.newRecord(this.recordName, Type.TXT, DClass.IN, TTL_SECONDS, rdata),
						Section.ANSWER);
			}
		}
		if (!udp) {
			return response.toWire();
		}
		int limit = CLASSIC_UDP_LIMIT;
		OPTRecord clientOpt = query.getOPT();
		if (clientOpt != null && this.ednsSupported) {
			limit = Math.max(CLASSIC_UDP_LIMIT, Math.min(clientOpt.getPayloadSize(), MAX_EDNS_PAYLOAD));
			response.addRecord(new OPTRecord(MAX_EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
		}
		byte[] wire = response.toWire(limit);
		if ((wire[2] & 0x02) != 0) {
			this.truncatedAnswers.incrementAndGet();
		}
		return wire;
	}

	/**
	 * The address clients configure as their resolver.
	 * @return {@code 127.0.0.1:<port>} (UDP and TCP)
	 */
	public String address() {
		InetAddress host = this.udp.getLocalAddress();
		return (host.getHostAddress().indexOf(':') >= 0) ? "[" + host.getHostAddress() + "]:" + port()
				: host.getHostAddress() + ":" + port();
	}

	/**
	 * The port shared by the UDP and TCP sockets.
	 * @return the port
	 */
	public int port() {
		return this.udp.getLocalPort();
	}

	/**
	 * The name served.
	 * @return {@code _teesql-leader.<domain>} without the trailing dot
	 */
	public String recordName() {
		String name = this.recordName.toString();
		return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
	}

	/**
	 * The signing key's address (what clients configure as the signer).
	 * @return {@code 0x} + 40 hex
	 */
	public String signerAddress() {
		return this.signer.address();
	}

	/**
	 * The signing key.
	 * @return the signer
	 */
	public ManifestSigner signer() {
		return this.signer;
	}

	/** @return UDP queries received */
	public long udpQueries() {
		return this.udpQueries.get();
	}

	/** @return TCP queries received */
	public long tcpQueries() {
		return this.tcpQueries.get();
	}

	/** @return UDP answers sent truncated (TC bit) */
	public long truncatedAnswers() {
		return this.truncatedAnswers.get();
	}

	@Override
	public void close() {
		this.closed = true;
		this.udp.close();
		closeQuietly(this.tcp);
		this.connections.forEach(ManifestDnsServer::closeQuietly);
		this.workers.shutdownNow();
	}

	private static void closeQuietly(Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			logger.debug("Closing {} failed: {}", closeable, ex.toString());
		}
	}

	@Override
	public String toString() {
		return "ManifestDnsServer[" + recordName() + " at " + address() + ", signer " + this.signer.address() + "]";
	}

}
