package com.teesql.jdbc.attestation.dcap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.dcap.CollateralKey.PckCa;
import com.teesql.jdbc.attestation.dcap.PcsTestServer.Response;
import com.teesql.jdbc.support.MiniHttpServer;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link PcsCollateralClient} against a real HTTP server on loopback that serves the vector collateral the way
 * Intel PCS does.
 */
class PcsCollateralClientTests {

	private static final CollateralKey KEY = CollateralKey.of("B0C06F000000", PckCa.PLATFORM);

	private PcsTestServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = PcsTestServer.start();
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void fetchedCollateralVerifiesTheFixtureQuote() throws Exception {
		DcapCollateral collateral = client().collateral(KEY);

		assertThat(collateral).isEqualTo(DcapVectors.v4Collateral());
		DcapVerificationResult result = DcapVectors.verifier()
			.verify(DcapVectors.v4Quote(), collateral, DcapVectors.FIXTURE_NOW);
		assertThat(result.status()).isEqualTo(TcbStatus.UP_TO_DATE);
		assertThat(this.server.requests()).containsExactlyInAnyOrder(
				"/sgx/certification/v4/pckcrl?ca=platform&encoding=der",
				"/tdx/certification/v4/tcb?fmspc=B0C06F000000", "/tdx/certification/v4/qe/identity?update=standard",
				"/sgx/certification/v4/rootcacrl");
	}

	@Test
	void signedDocumentsAreSlicedByteForByteFromUnusuallyFormattedBodies() throws Exception {
		String tcbBody = "\r\n{ \"signature\" :\t\"" + this.server.text("tcb_info_signature").toUpperCase()
				+ "\" ,\n\t\"note\": {\"tcbInfo\": [1, {\"x\": \"}\"}]},\n  \"tcbInfo\"  :\n\t\t"
				+ this.server.text("tcb_info") + "   \n}\n";
		this.server.respond(PcsTestServer.TCB, Response.ok(tcbBody.getBytes(StandardCharsets.UTF_8),
				Map.of("SGX-TCB-Info-Issuer-Chain", PcsTestServer.percentEncode(this.server.text("tcb_info_issuer_chain")))));
		String qeBody = "{\"enclaveIdentity\"   :   " + this.server.text("qe_identity") + "\n\n,\"signature\":\""
				+ this.server.text("qe_identity_signature") + "\"}";
		this.server.respond(PcsTestServer.QE_IDENTITY, Response.ok(qeBody.getBytes(StandardCharsets.UTF_8),
				Map.of("SGX-Enclave-Identity-Issuer-Chain",
						PcsTestServer.percentEncode(this.server.text("qe_identity_issuer_chain")))));

		DcapCollateral collateral = client().collateral(KEY);

		assertThat(collateral.tcbInfo()).isEqualTo(this.server.text("tcb_info"));
		assertThat(collateral.qeIdentity()).isEqualTo(this.server.text("qe_identity"));
		assertThat(DcapVectors.verifier().verify(DcapVectors.v4Quote(), collateral, DcapVectors.FIXTURE_NOW).status())
			.isEqualTo(TcbStatus.UP_TO_DATE);
	}

	@Test
	void baseUrlMayEndInTheApiPathAndRootCrlUrlIsConfigurable() throws Exception {
		PcsCollateralClient client = new PcsCollateralClient(
				URI.create(this.server.baseUrl() + "/tdx/certification/v4/"),
				this.server.url(PcsTestServer.ROOT_CA_CRL_DER), Duration.ofSeconds(5));

		DcapCollateral collateral = client.collateral(KEY);

		assertThat(client.baseUrl()).isEqualTo(this.server.baseUrl());
		assertThat(collateral).isEqualTo(DcapVectors.v4Collateral());
		assertThat(this.server.requests()).contains(PcsTestServer.ROOT_CA_CRL_DER)
			.doesNotContain(PcsTestServer.ROOT_CA_CRL);
	}

	@Test
	void defaultsTargetIntelPcsAndItsRootCrlDistributionPoint() {
		PcsCollateralClient client = new PcsCollateralClient(
				URI.create("https://api.trustedservices.intel.com/sgx/certification/v4"));

		assertThat(client.baseUrl()).isEqualTo(PcsCollateralClient.INTEL_PCS);
		assertThat(client.rootCaCrlUrl()).isEqualTo(PcsCollateralClient.INTEL_ROOT_CA_CRL);
		assertThat(new PcsCollateralClient().timeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(new PcsCollateralClient(URI.create("https://pccs.example:8081/")).rootCaCrlUrl())
			.isEqualTo(URI.create("https://pccs.example:8081/sgx/certification/v4/rootcacrl"));
	}

	@Test
	void invalidConfigurationIsRefusedNamingTheValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PcsCollateralClient(URI.create("ftp://pcs.example")))
			.withMessageContaining("ftp://pcs.example");
		assertThatIllegalArgumentException().isThrownBy(() -> new PcsCollateralClient(URI.create("pcs.example")))
			.withMessageContaining("'pcs.example'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PcsCollateralClient(this.server.baseUrl(), Duration.ZERO))
			.withMessageContaining("PT0S");
	}

	@Test
	void notFoundNamesTheUrlAndStatus() {
		this.server.respond(PcsTestServer.TCB, Response.status(404));

		assertThatExceptionOfType(CollateralUnavailableException.class).isThrownBy(() -> client().collateral(KEY))
			.withMessageContaining(this.server.url("/tdx/certification/v4/tcb?fmspc=B0C06F000000").toString())
			.withMessageContaining("HTTP 404");
	}

	@Test
	void serverErrorNamesTheUrlAndStatus() {
		this.server.respond(PcsTestServer.QE_IDENTITY, Response.status(500));

		assertThatExceptionOfType(CollateralUnavailableException.class).isThrownBy(() -> client().collateral(KEY))
			.withMessageContaining(this.server.url("/tdx/certification/v4/qe/identity?update=standard").toString())
			.withMessageContaining("HTTP 500");
	}

	@Test
	void issuerChainEscapesAreAsciiHexOnly() throws Exception {
		assertThat(PcsResponses.percentDecode("a%41%2d", "H", "u")).isEqualTo("aA-");
		// Character.digit would read full-width digits as 4 and 1.
		assertThatExceptionOfType(CollateralUnavailableException.class)
			.isThrownBy(() -> PcsResponses.percentDecode("%\uFF14\uFF11", "H", "u"))
			.withMessageContaining("invalid percent escape");
	}

	@Test
	void malformedJsonIsRefused() {
		this.server.respond(PcsTestServer.TCB, Response.ok("{\"tcbInfo\":{\"id\":\"TDX\",".getBytes(StandardCharsets.UTF_8),
				Map.of("TCB-Info-Issuer-Chain", PcsTestServer.percentEncode(this.server.text("tcb_info_issuer_chain")))));

		assertThatExceptionOfType(CollateralUnavailableException.class).isThrownBy(() -> client().collateral(KEY))
			.withMessageContaining("/tdx/certification/v4/tcb?fmspc=B0C06F000000")
			.withMessageContaining("not valid JSON");
	}

	@Test
	void documentWithoutSignatureOrWithDuplicateObjectIsRefused() {
		this.server.respond(PcsTestServer.TCB, Response.ok(
				("{\"tcbInfo\":" + this.server.text("tcb_info") + "}").getBytes(StandardCharsets.UTF_8),
				Map.of("TCB-Info-Issuer-Chain", PcsTestServer.percentEncode(this.server.text("tcb_info_issuer_chain")))));
		assertThatExceptionOfType(CollateralUnavailableException.class).isThrownBy(() -> client().collateral(KEY))
			.withMessageContaining("lacks the 'signature' string");

		this.server.respond(PcsTestServer.TCB, Response.ok(("{\"tcbInfo\":{},\"tcbInfo\":" + this.server.text("tcb_info")
				+ ",\"signature\":\"00\"}").getBytes(StandardCharsets.UTF_8),
				Map.of("TCB-Info-Issuer-Chain", PcsTestServer.percentEncode(this.server.text("tcb_info_issuer_chain")))));
		assertThatExceptionOfType(CollateralUnavailableException.class).isThrownBy(() -> client().collateral(KEY))
			.withMessageContaining("'tcbInfo' must occur once");
	}

	@Test
	void missingIssuerChainHeaderIsNamed() {
		this.server.respond(PcsTestServer.PCK_CRL, Response.ok(this.server.hex("pck_crl"), Map.of()));

		assertThatExceptionOfType(CollateralUnavailableException.class).isThrownBy(() -> client().collateral(KEY))
			.withMessageContaining("/sgx/certification/v4/pckcrl?ca=platform&encoding=der")
			.withMessageContaining("SGX-PCK-CRL-Issuer-Chain");
	}

	@Test
	void crlThatIsNotACrlIsRefused() {
		this.server.respond(PcsTestServer.ROOT_CA_CRL, Response.ok("zz-not-hex".getBytes(StandardCharsets.US_ASCII),
				Map.of()));

		assertThatExceptionOfType(CollateralUnavailableException.class).isThrownBy(() -> client().collateral(KEY))
			.withMessageContaining("/sgx/certification/v4/rootcacrl")
			.withMessageContaining("not valid hex");
	}

	@Test
	void oversizedBodyIsCutOff() {
		byte[] huge = new byte[PcsCollateralClient.MAX_BODY_BYTES + 4096];
		Arrays.fill(huge, (byte) '0');
		this.server.respond(PcsTestServer.ROOT_CA_CRL, Response.ok(huge, Map.of()));

		assertThatExceptionOfType(CollateralUnavailableException.class).isThrownBy(() -> client().collateral(KEY))
			.withMessageContaining("/sgx/certification/v4/rootcacrl")
			.withMessageContaining("exceeds " + PcsCollateralClient.MAX_BODY_BYTES + " bytes");
	}

	@Test
	@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing claim
	void serverThatAcceptsAndNeverAnswersIsBoundedByTheTimeout() throws Exception {
		try (MiniHttpServer silent = MiniHttpServer.tcp((request) -> null)) {
			PcsCollateralClient client = new PcsCollateralClient(URI.create(silent.endpoint()), Duration.ofMillis(500));
			assertThatExceptionOfType(CollateralUnavailableException.class).isThrownBy(() -> client.collateral(KEY))
				.withMessageContaining(silent.endpoint() + "/sgx/certification/v4/pckcrl")
				.withMessageContaining("no response within PT0.5S");
		}
	}

	@Test
	@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing claim
	void bodyThatStallsAfterTheHeadersIsBoundedByTheTimeout() {
		this.server.respond(PcsTestServer.TCB, Response.stallingBody());
		PcsCollateralClient client = new PcsCollateralClient(this.server.baseUrl(), Duration.ofMillis(500));
		assertThatExceptionOfType(CollateralUnavailableException.class).isThrownBy(() -> client.collateral(KEY))
			.withMessageContaining("/tdx/certification/v4/tcb?fmspc=B0C06F000000")
			.withMessageContaining("PT0.5S");
	}

	@Test
	void unreachablePortNamesTheUrlAndTheError() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			port = socket.getLocalPort();
		}
		PcsCollateralClient client = new PcsCollateralClient(URI.create("http://127.0.0.1:" + port),
				Duration.ofSeconds(5));

		assertThatExceptionOfType(CollateralUnavailableException.class).isThrownBy(() -> client.collateral(KEY))
			.withMessageContaining("http://127.0.0.1:" + port + "/sgx/certification/v4/pckcrl")
			.withMessageContaining("ConnectException");
	}

	@Test
	void issuerChainHeadersArePercentDecodedOnly() throws Exception {
		assertThat(PcsResponses.percentDecode("a+b%20c%2B%0A", "H", "u")).isEqualTo("a+b c+\n");
		assertThatExceptionOfType(CollateralUnavailableException.class)
			.isThrownBy(() -> PcsResponses.percentDecode("abc%G1", "SGX-PCK-CRL-Issuer-Chain", "http://x/y"))
			.withMessageContaining("http://x/y")
			.withMessageContaining("SGX-PCK-CRL-Issuer-Chain")
			.withMessageContaining("index 3");
		assertThatExceptionOfType(CollateralUnavailableException.class)
			.isThrownBy(() -> PcsResponses.percentDecode("abc%4", "H", "u"))
			.withMessageContaining("index 3");
	}

	private PcsCollateralClient client() {
		return new PcsCollateralClient(this.server.baseUrl(), Duration.ofSeconds(5));
	}

}
