package com.teesql.devcluster.guestagent;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.teesql.devcluster.http.RawHttpClient;
import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.platform.DevCertificateAuthority;
import com.teesql.devcluster.platform.DevKeyIssuer;
import com.teesql.devcluster.platform.DevTdxPlatform;
import com.teesql.devcluster.platform.EnvelopeKnobs;
import com.teesql.devcluster.platform.TdIdentity;
import com.teesql.devcluster.platform.TestCertificates;
import com.teesql.devcluster.platform.TestQuoteReader;
import com.teesql.devcluster.platform.TestScaleReader;
import com.teesql.jdbc.attestation.AttestationFormat;
import com.teesql.jdbc.attestation.AttestationPlatform;
import com.teesql.jdbc.attestation.CanonicalEventJson;
import com.teesql.jdbc.attestation.EventLogVersion;
import com.teesql.jdbc.attestation.Rtmr3Replay;
import com.teesql.jdbc.attestation.RaTlsOids;
import com.teesql.jdbc.attestation.StackKind;
import com.teesql.jdbc.attestation.TdxQuoteLayout;
import com.teesql.jdbc.attestation.VersionedAttestation;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@Timeout(60)
class GuestAgentSimulatorTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String CLIENT_REQUEST = """
			{"subject": "sqlx-ra-tls-client", "usage_ra_tls": true, "usage_server_auth": false,
			 "usage_client_auth": true}""";

	private static DevTdxPlatform platform;

	private static DevCertificateAuthority ca;

	private static TdIdentity td;

	private static DevKeyIssuer issuer;

	private final HttpClient httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private GuestAgentSimulator agent;

	@BeforeAll
	static void createPlatform() {
		SecureRandom random = new SecureRandom();
		platform = DevTdxPlatform.create(random);
		ca = DevCertificateAuthority.create("ga-test", random);
		td = TdIdentity.random(random);
		issuer = new DevKeyIssuer(ca, platform, td, random);
	}

	@BeforeEach
	void startAgent() {
		this.agent = GuestAgentSimulator.start(issuer, platform, td, null);
	}

	@AfterEach
	void closeAgent() {
		this.agent.close();
	}

	@Test
	void getTlsKeyOverTheUnixSocketReturnsAMatchingKeyAndChain() throws Exception {
		RawHttpClient.Response response = RawHttpClient.post(unixAddress(), "/GetTlsKey", CLIENT_REQUEST);
		assertThat(response.status()).isEqualTo(200);
		assertIssuedKeyIsValid(JSON.readTree(response.body()), true);
		assertThat(this.agent.tlsKeysIssued()).isEqualTo(1);
	}

	@Test
	void getTlsKeyOverTcpWithTheJdkClient() throws Exception {
		HttpResponse<String> response = post("/GetTlsKey", CLIENT_REQUEST);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertIssuedKeyIsValid(JSON.readTree(response.body()), true);
	}

	@Test
	void certificateLifetimeAppliesToKeysIssuedAfterwards() throws Exception {
		this.agent.setCertificateLifetime(Duration.ofSeconds(5));
		X509Certificate shortLived = leaf(JSON.readTree(post("/GetTlsKey", CLIENT_REQUEST).body()));
		assertThat(Duration.between(shortLived.getNotBefore().toInstant(), shortLived.getNotAfter().toInstant()))
			.isEqualTo(Duration.ofSeconds(5));
		this.agent.setCertificateLifetime(null);
		X509Certificate standard = leaf(JSON.readTree(post("/GetTlsKey", CLIENT_REQUEST).body()));
		assertThat(Duration.between(standard.getNotBefore().toInstant(), standard.getNotAfter().toInstant()))
			.isGreaterThan(Duration.ofDays(365));
		assertThatIllegalArgumentException().isThrownBy(() -> this.agent.setCertificateLifetime(Duration.ofMillis(10)));
	}

	private static X509Certificate leaf(JsonNode json) throws Exception {
		return (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(
					json.get("certificate_chain").get(0).textValue().getBytes(StandardCharsets.US_ASCII)));
	}

	@Test
	void knobsApplyToKeysIssuedAfterwards() throws Exception {
		this.agent.setKnobs(AttestationKnobs.genuine().withRaTlsExtension(false));
		assertIssuedKeyIsValid(JSON.readTree(post("/GetTlsKey", CLIENT_REQUEST).body()), false);
		this.agent.setKnobs(AttestationKnobs.genuine());
		assertIssuedKeyIsValid(JSON.readTree(post("/GetTlsKey", CLIENT_REQUEST).body()), true);
		assertThat(this.agent.tlsKeysIssued()).isEqualTo(2);
	}

	@Test
	void getQuoteZeroPadsReportDataAndReturnsAConsistentAttestation() throws Exception {
		RawHttpClient.Response response = RawHttpClient.post(unixAddress(), "/GetQuote",
				"{\"report_data\": \"deadbeef\"}");
		assertThat(response.status()).isEqualTo(200);
		JsonNode json = JSON.readTree(response.body());
		byte[] expectedReportData = new byte[64];
		System.arraycopy(HexFormat.of().parseHex("deadbeef"), 0, expectedReportData, 0, 4);
		byte[] quote = HexFormat.of().parseHex(json.get("quote").textValue());
		assertThat(new TestQuoteReader(quote).reportData()).isEqualTo(expectedReportData);
		assertThat(json.get("report_data").textValue()).isEqualTo(HexFormat.of().formatHex(expectedReportData));
		assertThat(new TestQuoteReader(quote).measurement(TdxQuoteLayout.RTMR3)).isEqualTo(td.rtmr3());
		TestScaleReader.DecodedAttestation attestation = TestScaleReader
			.decodeV0(HexFormat.of().parseHex(json.get("attestation").textValue()));
		assertThat(attestation.quote()).isEqualTo(quote);
		assertThat(attestation.reportData()).isEqualTo(expectedReportData);
		JsonNode eventLog = JSON.readTree(json.get("event_log").textValue());
		assertThat(eventLog).hasSize(6);
		assertThat(eventLog.get(1).get("event").textValue()).isEqualTo("app-id");
		assertThat(eventLog.get(1).get("event_payload").textValue()).isEqualTo(HexFormat.of().formatHex(td.appId()));
		assertThat(eventLog.get(1).get("event_type").longValue()).isEqualTo(0x08000001L);
		assertThat(JSON.readTree(json.get("vm_config").textValue()).get("os_image_hash").textValue()).hasSize(64);
	}

	@Test
	void getQuoteFollowsTheEnvelopeKnobs() throws Exception {
		this.agent.setKnobs(AttestationKnobs.genuine()
			.withEnvelope(EnvelopeKnobs.v1(AttestationPlatform.TDX, StackKind.DSTACK, EnvelopeKnobs.Events.V2)));
		try {
			RawHttpClient.Response response = RawHttpClient.post(unixAddress(), "/GetQuote", "{\"report_data\": \"01\"}");
			JsonNode json = JSON.readTree(response.body());
			byte[] quote = HexFormat.of().parseHex(json.get("quote").textValue());
			VersionedAttestation attestation = VersionedAttestation
				.decode(HexFormat.of().parseHex(json.get("attestation").textValue()));
			assertThat(attestation.format()).isEqualTo(AttestationFormat.V1);
			assertThat(attestation.eventLogVersions()).containsExactly(EventLogVersion.V2);
			assertThat(Rtmr3Replay.replay(attestation.runtimeEvents()))
				.isEqualTo(new TestQuoteReader(quote).measurement(TdxQuoteLayout.RTMR3));
			JsonNode event = JSON.readTree(json.get("event_log").textValue()).get(1);
			assertThat(event.get("version").intValue()).isEqualTo(2);
			assertThat(new String(HexFormat.of().parseHex(event.get("preimage").textValue()), StandardCharsets.UTF_8))
				.isEqualTo(CanonicalEventJson.of("app-id", td.appId()));
		}
		finally {
			this.agent.setKnobs(AttestationKnobs.genuine());
		}
	}

	@Test
	void getQuoteRejectsTooLongOrInvalidReportData() throws Exception {
		HttpResponse<String> tooLong = post("/GetQuote", "{\"report_data\": \"" + "00".repeat(65) + "\"}");
		assertThat(tooLong.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(tooLong.body()).get("error").textValue()).contains("65");
		assertThat(post("/GetQuote", "{\"report_data\": \"xyz\"}").statusCode()).isEqualTo(400);
		assertThat(post("/GetQuote", "{}").statusCode()).isEqualTo(400);
		assertThat(post("/GetQuote", "{\"report_data\": \"" + "ab".repeat(64) + "\"}").statusCode()).isEqualTo(200);
	}

	@Test
	void infoDescribesTheTd() throws Exception {
		HexFormat hex = HexFormat.of();
		RawHttpClient.Response response = RawHttpClient.post(unixAddress(), "/Info", "{}");
		assertThat(response.status()).isEqualTo(200);
		JsonNode info = JSON.readTree(response.body());
		assertThat(info.fieldNames()).toIterable()
			.containsExactly("app_id", "instance_id", "app_cert", "tcb_info", "app_name", "device_id",
					"mr_aggregated", "os_image_hash", "key_provider_info", "compose_hash", "vm_config",
					"cloud_vendor", "cloud_product");
		assertThat(info.get("app_id").textValue()).isEqualTo(hex.formatHex(td.appId()));
		assertThat(info.get("instance_id").textValue()).isEqualTo(hex.formatHex(td.instanceId()));
		assertThat(info.get("compose_hash").textValue()).isEqualTo(hex.formatHex(td.composeHash()));
		assertThat(info.get("app_cert").textValue()).isEqualTo(ca.certificatePem());
		JsonNode tcbInfo = JSON.readTree(info.get("tcb_info").textValue());
		assertThat(tcbInfo.get("mrtd").textValue()).isEqualTo(hex.formatHex(td.mrTd()));
		assertThat(tcbInfo.get("rtmr0").textValue()).isEqualTo(hex.formatHex(td.rtmr0()));
		assertThat(tcbInfo.get("rtmr3").textValue()).isEqualTo(hex.formatHex(td.rtmr3()));
		assertThat(tcbInfo.get("event_log")).hasSize(6);
		assertThat(post("/Info", "").statusCode()).isEqualTo(200);
	}

	@Test
	void badJsonAndWrongTypesAre400NamingTheProblem() throws Exception {
		HttpResponse<String> notJson = post("/GetTlsKey", "{not json");
		assertThat(notJson.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(notJson.body()).get("error").textValue()).contains("not valid JSON");
		HttpResponse<String> wrongType = post("/GetTlsKey", "{\"usage_ra_tls\": \"yes\"}");
		assertThat(wrongType.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(wrongType.body()).get("error").textValue()).contains("usage_ra_tls")
			.contains("boolean");
		assertThat(post("/GetTlsKey", "[1,2]").statusCode()).isEqualTo(400);
		assertThat(post("/GetTlsKey", "{\"alt_names\": [1]}").statusCode()).isEqualTo(400);
		assertThat(post("/GetTlsKey", "{\"not_after\": -1}").statusCode()).isEqualTo(400);
		HttpResponse<String> badName = post("/GetTlsKey", "{\"alt_names\": [\"no spaces allowed\"]}");
		assertThat(badName.statusCode()).isEqualTo(400);
		assertThat(badName.body()).contains("no spaces allowed");
		assertThat(this.agent.tlsKeysIssued()).isZero();
	}

	@Test
	void unknownEndpointIs404() throws Exception {
		assertThat(post("/GetKey", "{}").statusCode()).isEqualTo(404);
		assertThat(RawHttpClient.exchange(unixAddress(), "GET /GetTlsKey HTTP/1.1\r\nHost: dstack\r\n\r\n").status())
			.isEqualTo(405);
	}

	@Test
	void servesConcurrentRequestsOnBothTransports() throws Exception {
		List<CompletableFuture<HttpResponse<String>>> tcp = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			tcp.add(this.httpClient.sendAsync(request("/GetTlsKey", CLIENT_REQUEST),
					HttpResponse.BodyHandlers.ofString()));
		}
		List<CompletableFuture<RawHttpClient.Response>> unix = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			unix.add(CompletableFuture.supplyAsync(() -> {
				try {
					return RawHttpClient.post(unixAddress(), "/GetQuote", "{\"report_data\": \"01\"}");
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}));
		}
		for (CompletableFuture<HttpResponse<String>> response : tcp) {
			assertThat(response.get().statusCode()).isEqualTo(200);
		}
		for (CompletableFuture<RawHttpClient.Response> response : unix) {
			assertThat(response.get().status()).isEqualTo(200);
		}
		assertThat(this.agent.tlsKeysIssued()).isEqualTo(12);
	}

	@Test
	void closeRemovesTheSocketFileAndRefusesConnections() throws Exception {
		Path socket = this.agent.socketPath();
		assertThat(socket).exists();
		assertThat(socket.getFileName().toString()).isEqualTo("dstack.sock");
		this.agent.close();
		assertThat(socket).doesNotExist();
		assertThat(socket.getParent()).doesNotExist();
		assertThatIOException().isThrownBy(() -> RawHttpClient.open(UnixDomainSocketAddress.of(socket)));
		assertThatIOException().isThrownBy(() -> post("/Info", "{}"));
	}

	@Test
	void explicitSocketPathIsUsedAndLeftDirectoryIntact() throws Exception {
		Path directory = Files.createTempDirectory(Path.of("/tmp"), "tsql-ga-test");
		Path socket = directory.resolve("agent.sock");
		try (GuestAgentSimulator other = GuestAgentSimulator.start(issuer, platform, td, socket)) {
			assertThat(other.socketPath()).isEqualTo(socket);
			assertThat(RawHttpClient.post(UnixDomainSocketAddress.of(socket), "/Info", "{}").status()).isEqualTo(200);
		}
		assertThat(socket).doesNotExist();
		assertThat(directory).exists();
		Files.delete(directory);
	}

	@Test
	void rejectsAnIssuerForAnotherTdAndOverlongSocketPaths() {
		TdIdentity otherTd = TdIdentity.random(new SecureRandom());
		assertThatIllegalArgumentException().isThrownBy(() -> GuestAgentSimulator.start(issuer, platform, otherTd, null));
		Path tooLong = Path.of("/tmp/" + "x".repeat(120) + ".sock");
		assertThatIllegalArgumentException().isThrownBy(() -> GuestAgentSimulator.start(issuer, platform, td, tooLong))
			.withMessageContaining("107");
	}

	private void assertIssuedKeyIsValid(JsonNode json, boolean expectAttestation) throws Exception {
		String keyPem = json.get("key").textValue();
		assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----");
		JsonNode chainJson = json.get("certificate_chain");
		assertThat(chainJson).hasSize(2);
		CertificateFactory factory = CertificateFactory.getInstance("X.509");
		X509Certificate leaf = (X509Certificate) factory.generateCertificate(
				new ByteArrayInputStream(chainJson.get(0).textValue().getBytes(StandardCharsets.US_ASCII)));
		X509Certificate issuerCertificate = (X509Certificate) factory.generateCertificate(
				new ByteArrayInputStream(chainJson.get(1).textValue().getBytes(StandardCharsets.US_ASCII)));
		assertThat(issuerCertificate).isEqualTo(ca.certificate());
		leaf.verify(issuerCertificate.getPublicKey());
		assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=sqlx-ra-tls-client");
		assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
		PrivateKey key;
		try (PEMParser parser = new PEMParser(new StringReader(keyPem))) {
			key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
		}
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(key);
		signer.update(new byte[] { 42 });
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance("SHA256withECDSA");
		verifier.initVerify(leaf.getPublicKey());
		verifier.update(new byte[] { 42 });
		assertThat(verifier.verify(signature)).isTrue();
		if (!expectAttestation) {
			assertThat(leaf.getExtensionValue(RaTlsOids.ATTESTATION)).isNull();
			return;
		}
		TestScaleReader.DecodedAttestation attestation = TestScaleReader
			.decodeV0(TestCertificates.attestationPayload(leaf));
		assertThat(new TestQuoteReader(attestation.quote()).reportData())
			.isEqualTo(TestCertificates.expectedReportData(TestCertificates.tbsSpkiDer(leaf)));
	}

	private UnixDomainSocketAddress unixAddress() {
		return UnixDomainSocketAddress.of(this.agent.socketPath());
	}

	private HttpRequest request(String path, String body) {
		return HttpRequest.newBuilder(URI.create(this.agent.httpEndpoint() + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.timeout(Duration.ofSeconds(20))
			.build();
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return this.httpClient.send(request(path, body), HttpResponse.BodyHandlers.ofString());
	}

}
