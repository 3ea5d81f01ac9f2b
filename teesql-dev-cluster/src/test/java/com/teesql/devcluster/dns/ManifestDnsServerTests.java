package com.teesql.devcluster.dns;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.teesql.testsupport.TestVectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev DNS server on the wire, asked with plain dnsjava queries over real UDP and TCP sockets.
 */
class ManifestDnsServerTests {

	static final String DOMAIN = "cluster-1.dev.teesql.test";

	static final ManifestFields FIELDS = new ManifestFields("0xbd32b609057a1a4569558a571d535c8f1212b097", 42,
			"ea23198e3419ebbb240571a29d0112d9bcbe69c0",
			"https://ea23198e3419ebbb240571a29d0112d9bcbe69c0-5433.dstack-base-prod9.phala.network", 4102444800L);

	private ManifestDnsServer server;

	@BeforeEach
	void start() throws Exception {
		this.server = ManifestDnsServer.start(DOMAIN);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void signerReproducesTheVectorSignatures() throws Exception {
		JsonNode vectors = new ObjectMapper().readTree(vectorsDir().resolve("derived/manifest_vectors.json").toFile());
		ManifestSigner signer = ManifestSigner.fromPrivateKey(vectors.get("fixture_private_key").asText());
		assertThat(signer.address()).isEqualTo(vectors.get("fixture_signer_address").asText());
		assertThat(signer.toString()).doesNotContain("1111111111");
		int signed = 0;
		for (JsonNode testCase : vectors.get("cases")) {
			if (testCase.has("canonical_body")) {
				assertThat(signer.signBody(testCase.get("canonical_body").asText())).as(testCase.get("name").asText())
					.isEqualTo(testCase.get("sig").asText());
				signed++;
			}
		}
		assertThat(signed).isEqualTo(2);
		assertThat(signer.sign(FIELDS.withValidUntil(4102444800L))).isEqualTo(vectors.get("cases").get(1).get("txt").asText());
	}

	@Test
	void answersTxtSplitInto255ByteStringsWithTtl30OverUdpAndTcp() throws Exception {
		String txt = this.server.publish(FIELDS);
		assertThat(txt.length()).isGreaterThan(255);
		for (boolean tcp : new boolean[] { false, true }) {
			Message response = query(this.server.recordName(), Type.TXT, (resolver) -> resolver.setTCP(tcp));
			assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
			assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
			List<Record> answers = response.getSection(Section.ANSWER);
			assertThat(answers).hasSize(1);
			TXTRecord record = (TXTRecord) answers.get(0);
			assertThat(record.getTTL()).isEqualTo(30);
			List<byte[]> strings = record.getStringsAsByteArrays();
			assertThat(strings).hasSize(2);
			assertThat(strings.get(0)).hasSize(255);
			assertThat(new String(strings.get(0), StandardCharsets.UTF_8) + new String(strings.get(1), StandardCharsets.UTF_8))
				.isEqualTo(txt);
		}
		assertThat(this.server.udpQueries()).isEqualTo(1);
		assertThat(this.server.tcpQueries()).isEqualTo(1);
	}

	@Test
	void nxdomainForOtherNamesAndNoDataForOtherTypes() throws Exception {
		this.server.publish(FIELDS);
		assertThat(query("_teesql-leader.other.example", Type.TXT, (resolver) -> { }).getRcode()).isEqualTo(Rcode.NXDOMAIN);
		Message aQuery = query(this.server.recordName(), Type.A, (resolver) -> { });
		assertThat(aQuery.getRcode()).isEqualTo(Rcode.NOERROR);
		assertThat(aQuery.getSection(Section.ANSWER)).isEmpty();
	}

	@Test
	void truncatesLongUdpAnswersWithoutEdnsAndServesThemWholeOverTcp() throws Exception {
		this.server.ednsSupported(false);
		this.server.publishRaw(List.of(this.server.signer().sign(FIELDS), this.server.signer().sign(FIELDS.withEpoch(43))));
		Message udp = query(this.server.recordName(), Type.TXT, (resolver) -> resolver.setIgnoreTruncation(true));
		assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
		assertThat(this.server.truncatedAnswers()).isEqualTo(1);
		Message tcp = query(this.server.recordName(), Type.TXT, (resolver) -> resolver.setTCP(true));
		assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
		assertThat(tcp.getSection(Section.ANSWER)).hasSize(2);

		this.server.ednsSupported(true);
		Message edns = query(this.server.recordName(), Type.TXT, (resolver) -> resolver.setIgnoreTruncation(true));
		assertThat(edns.getHeader().getFlag(Flags.TC)).isFalse();
		assertThat(edns.getSection(Section.ANSWER)).hasSize(2);
	}

	@Test
	void outageKnobs() throws Exception {
		this.server.publish(FIELDS);
		this.server.outage(DnsOutage.REFUSED);
		assertThat(query(this.server.recordName(), Type.TXT, (resolver) -> { }).getRcode()).isEqualTo(Rcode.REFUSED);
		this.server.outage(DnsOutage.SERVFAIL);
		assertThat(query(this.server.recordName(), Type.TXT, (resolver) -> { }).getRcode()).isEqualTo(Rcode.SERVFAIL);
		this.server.outage(DnsOutage.SILENT);
		List<Throwable> failures = new ArrayList<>();
		try {
			query(this.server.recordName(), Type.TXT, (resolver) -> resolver.setTimeout(Duration.ofMillis(300)));
		}
		catch (java.io.IOException ex) {
			failures.add(ex);
		}
		assertThat(failures).hasSize(1);
		this.server.outage(DnsOutage.NONE);
		assertThat(query(this.server.recordName(), Type.TXT, (resolver) -> { }).getSection(Section.ANSWER)).hasSize(1);
	}

	private Message query(String name, int type, java.util.function.Consumer<SimpleResolver> customizer)
			throws Exception {
		SimpleResolver resolver = new SimpleResolver(new java.net.InetSocketAddress("127.0.0.1", this.server.port()));
		resolver.setTimeout(Duration.ofSeconds(3));
		customizer.accept(resolver);
		return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN)));
	}

	static java.nio.file.Path vectorsDir() {
		return TestVectors.dir();
	}

}
