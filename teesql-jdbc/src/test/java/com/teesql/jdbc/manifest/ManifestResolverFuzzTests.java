package com.teesql.jdbc.manifest;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;

import com.teesql.jdbc.support.ByteMutator;
import com.teesql.jdbc.support.Fuzz;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link ManifestResolver#resolve} against a real UDP DNS server on loopback that answers each query with a
 * generated message: mutated manifests in TXT records (several records, split character-strings, huge records),
 * odd rcodes, the truncation bit, wrong transaction ids, silence, garbage and byte-level corruption of the wire
 * message. Only {@link ManifestException} subtypes may come out, within the resolver's timeout. Sizes and seed: see
 * {@link Fuzz}.
 */
class ManifestResolverFuzzTests {

	private static final Duration RESOLVER_TIMEOUT = Duration.ofMillis(400);

	private static final String DOMAIN = "fuzz.teesql.test";

	private static final ByteMutator BYTES = new ByteMutator(0, 2, 4, 6, 8, 10);

	private final AtomicReference<UnaryOperator<byte[]>> answer = new AtomicReference<>();

	private DatagramSocket socket;

	private Thread server;

	@BeforeEach
	void startServer() throws SocketException {
		this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		this.server = new Thread(this::serve, "fuzz-dns-server");
		this.server.setDaemon(true);
		this.server.start();
	}

	@AfterEach
	void stopServer() throws InterruptedException {
		this.socket.close();
		this.server.join(2000);
	}

	private void serve() {
		byte[] buffer = new byte[65535];
		while (!this.socket.isClosed()) {
			try {
				DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
				this.socket.receive(packet);
				byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
				byte[] response = this.answer.get().apply(query);
				if (response != null) {
					this.socket.send(new DatagramPacket(response, response.length, packet.getSocketAddress()));
				}
			}
			catch (IOException | RuntimeException ex) {
				// Closed, or a generated answer that cannot be sent (too large): the client's timeout decides.
			}
		}
	}

	@Test
	void dnsAnswersOnlyEverFailWithManifestException() throws Exception {
		ManifestResolver resolver = ManifestResolver.builder(ManifestText.verifier())
			.resolvers(List.of("127.0.0.1:" + this.socket.getLocalPort()))
			.timeout(RESOLVER_TIMEOUT)
			.build();
		Fuzz.Outcomes outcomes = Fuzz.<Plan>target("ManifestResolver.resolve")
			.accepting(ManifestException.class)
			.timeout(RESOLVER_TIMEOUT.plusSeconds(4))
			.allocationBudget(64L * 1024 * 1024)
			.run(Fuzz.tries(0.1), ManifestResolverFuzzTests::plan, (plan) -> {
				this.answer.set(plan::respond);
				LeaderManifest manifest = resolver.resolve(DOMAIN);
				assertThat(manifest.recoveredSigner()).isEqualToIgnoringCase(FixtureSigner.ADDRESS);
			});
		assertThat(outcomes.accepted()).isPositive();
		assertThat(outcomes.refused()).isPositive();
	}

	private static Plan plan(Random random) {
		return new Plan(random.nextLong());
	}

	/**
	 * How to answer one query, derived from a seed so that the answer can depend on the query's id and name.
	 * @param seed the case's seed
	 */
	record Plan(long seed) {

		byte[] respond(byte[] queryBytes) {
			Random random = new Random(this.seed);
			int kind = random.nextInt(40);
			if (kind == 0) {
				return null; // silence: the timeout must end the lookup
			}
			if (kind == 1) {
				return ByteMutator.randomBytes(random, 600);
			}
			try {
				Message query = new Message(queryBytes);
				Message response = new Message(query.getHeader().getID());
				response.getHeader().setFlag(Flags.QR);
				response.getHeader().setFlag(Flags.RD);
				response.addRecord(query.getQuestion(), Section.QUESTION);
				if (kind == 2) {
					response.getHeader().setID((query.getHeader().getID() + 1) & 0xFFFF);
				}
				if (kind == 3) {
					response.getHeader().setFlag(Flags.TC);
				}
				if (kind == 4) {
					response.getHeader().setRcode(new int[] { Rcode.NXDOMAIN, Rcode.SERVFAIL, Rcode.REFUSED, 11, 15 }[random.nextInt(5)]);
				}
				Name name = (random.nextInt(10) == 0) ? Name.fromString("other.example.") : query.getQuestion().getName();
				int records = (random.nextInt(6) == 0) ? random.nextInt(6) : 1;
				for (int i = 0; i < records; i++) {
					response.addRecord(new TXTRecord(name, DClass.IN, 60, strings(ManifestText.generate(random), random)),
							Section.ANSWER);
				}
				if (random.nextInt(12) == 0) {
					// A huge record: many full character-strings.
					String chunk = "x".repeat(255);
					response.addRecord(new TXTRecord(name, DClass.IN, 60, java.util.Collections.nCopies(
							40 + random.nextInt(200), chunk)), Section.ANSWER);
				}
				byte[] wire = response.toWire(65000);
				return (random.nextInt(5) == 0) ? BYTES.mutate(wire, random) : wire;
			}
			catch (IOException ex) {
				return ByteMutator.randomBytes(random, 100);
			}
		}

		/** Split the manifest into character-strings of at most 255 bytes, at random points. */
		private static List<String> strings(String txt, Random random) {
			List<String> strings = new java.util.ArrayList<>();
			int at = 0;
			while (at < txt.length()) {
				int length = Math.min(txt.length() - at, 1 + random.nextInt(
						(random.nextBoolean()) ? 60 : 200));
				strings.add(txt.substring(at, at + length));
				at += length;
			}
			return strings;
		}

	}

}
