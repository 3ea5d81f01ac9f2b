package com.teesql.devcluster.pcs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.util.HexFormat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.teesql.devcluster.platform.DevCollateral;
import com.teesql.devcluster.platform.DevTdxPlatform;
import com.teesql.devcluster.pcs.PcsTestClient.SignedDocument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The PCS protocol surface of {@link DevPcsServer} over real HTTP: paths, parameters, bodies, headers and errors.
 */
class DevPcsServerTests {

	private static final SecureRandom random = new SecureRandom();

	private static final DevTdxPlatform platform = DevTdxPlatform.create(random);

	private static DevPcsServer pcs;

	private static PcsTestClient client;

	@BeforeAll
	static void start() {
		pcs = DevPcsServer.start(platform);
		client = new PcsTestClient(pcs.baseUrl());
	}

	@AfterAll
	static void stop() {
		pcs.close();
	}

	@Test
	void baseUrlIsLoopbackHttpWithoutTrailingSlash() {
		assertThat(pcs.baseUrl().getScheme()).isEqualTo("http");
		assertThat(pcs.baseUrl().getHost()).isEqualTo("127.0.0.1");
		assertThat(pcs.baseUrl().toString()).doesNotEndWith("/");
		assertThat(pcs.rootCertificate()).isEqualTo(platform.pki().rootCertificate());
	}

	@Test
	void pckCrlInDerCarriesThePercentEncodedIssuerChain() throws Exception {
		HttpResponse<byte[]> response = client.get("/sgx/certification/v4/pckcrl?ca=platform&encoding=der");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
		X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
			.generateCRL(new ByteArrayInputStream(response.body()));
		crl.verify(platform.pki().platformCaCertificate().getPublicKey());
		assertThat(crl.isRevoked(platform.pki().pckCertificate())).isFalse();
		String rawHeader = response.headers().firstValue("SGX-PCK-CRL-Issuer-Chain").orElseThrow();
		// Strict percent-decoders do not turn '+' into a space, so PCS never sends one.
		assertThat(rawHeader).doesNotContain("+", " ", "\n").contains("%20", "%0A");
		assertThat(PcsTestClient.header(response, "SGX-PCK-CRL-Issuer-Chain"))
			.isEqualTo(platform.pki().pckCrlIssuerChainPem());
	}

	@Test
	void pckCrlDefaultsToPem() throws Exception {
		HttpResponse<byte[]> response = client.get("/sgx/certification/v4/pckcrl?ca=PLATFORM");
		assertThat(response.statusCode()).isEqualTo(200);
		String pem = new String(response.body(), StandardCharsets.US_ASCII);
		assertThat(pem).startsWith("-----BEGIN X509 CRL-----");
		X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
			.generateCRL(new ByteArrayInputStream(response.body()));
		assertThat(crl.getEncoded()).isEqualTo(pcs.collateral().pckCrl());
	}

	@Test
	void pckCrlRefusesOtherCasAndEncodings() throws Exception {
		assertError("/sgx/certification/v4/pckcrl?ca=processor&encoding=der", 404, "Processor CA");
		assertError("/sgx/certification/v4/pckcrl?ca=bogus", 400, "'bogus'");
		assertError("/sgx/certification/v4/pckcrl?encoding=der", 400, "'ca' is required");
		assertError("/sgx/certification/v4/pckcrl?ca=platform&encoding=base64", 400, "'base64'");
		assertError("/sgx/certification/v4/pckcrl?ca=platform&ca=platform", 400, "repeated");
	}

	@Test
	void tcbInfoBodyEmbedsTheSignedJsonVerbatim() throws Exception {
		DevCollateral collateral = pcs.collateral();
		HttpResponse<byte[]> response = client
			.get("/tdx/certification/v4/tcb?fmspc=" + platform.pki().fmspcHex().toLowerCase());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		SignedDocument document = PcsTestClient.signedDocument(response.body(), "tcbInfo");
		assertThat(document.json()).isEqualTo(collateral.tcbInfoJson());
		assertThat(HexFormat.of().formatHex(document.signature())).isEqualTo(collateral.tcbInfoSignatureHex());
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(collateral.tcbInfoResponseBody());
		assertThat(PcsTestClient.header(response, "TCB-Info-Issuer-Chain"))
			.isEqualTo(platform.pki().tcbSigningChainPem());
	}

	@Test
	void tcbInfoOfAnUnknownFmspcIsNotFound() throws Exception {
		assertError("/tdx/certification/v4/tcb?fmspc=B0C06F000000", 404, "B0C06F000000");
		assertError("/tdx/certification/v4/tcb?fmspc=xyz", 400, "'xyz'");
		assertError("/tdx/certification/v4/tcb", 400, "'fmspc' is required");
	}

	@Test
	void qeIdentityBodyEmbedsTheSignedJsonVerbatim() throws Exception {
		DevCollateral collateral = pcs.collateral();
		HttpResponse<byte[]> response = client.get("/tdx/certification/v4/qe/identity?update=standard");
		assertThat(response.statusCode()).isEqualTo(200);
		SignedDocument document = PcsTestClient.signedDocument(response.body(), "enclaveIdentity");
		assertThat(document.json()).isEqualTo(collateral.qeIdentityJson());
		assertThat(HexFormat.of().formatHex(document.signature())).isEqualTo(collateral.qeIdentitySignatureHex());
		assertThat(PcsTestClient.header(response, "SGX-Enclave-Identity-Issuer-Chain"))
			.isEqualTo(platform.pki().tcbSigningChainPem());
		assertThat(client.get("/tdx/certification/v4/qe/identity").statusCode()).isEqualTo(200);
		assertError("/tdx/certification/v4/qe/identity?update=later", 400, "'later'");
	}

	@Test
	void rootCaCrlIsHexOfDer() throws Exception {
		HttpResponse<byte[]> response = client.get("/sgx/certification/v4/rootcacrl");
		assertThat(response.statusCode()).isEqualTo(200);
		byte[] der = HexFormat.of().parseHex(new String(response.body(), StandardCharsets.US_ASCII));
		assertThat(der).isEqualTo(pcs.collateral().rootCaCrl());
		X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
		crl.verify(platform.pki().rootCertificate().getPublicKey());
	}

	@Test
	void otherMethodsAndPathsAreRefused() throws Exception {
		HttpResponse<byte[]> post = client.send(HttpRequest
			.newBuilder(URI.create(pcs.baseUrl() + "/tdx/certification/v4/qe/identity"))
			.POST(HttpRequest.BodyPublishers.ofString("{}")));
		assertThat(post.statusCode()).isEqualTo(405);
		assertThat(client.get("/sgx/certification/v4/pckcert").statusCode()).isEqualTo(404);
	}

	@Test
	void requestsAreCountedPerEndpoint() throws Exception {
		long total = pcs.requestCount();
		long rootCrl = pcs.requestCount(DevPcsServer.ROOT_CA_CRL_PATH);
		client.get("/sgx/certification/v4/rootcacrl");
		client.get("/sgx/certification/v4/rootcacrl");
		assertThat(pcs.requestCount(DevPcsServer.ROOT_CA_CRL_PATH)).isEqualTo(rootCrl + 2);
		assertThat(pcs.requestCount()).isGreaterThanOrEqualTo(total + 2);
		assertThat(pcs.requestCount("/nowhere")).isZero();
	}

	@Test
	void closedServerRefusesConnections() throws Exception {
		DevPcsServer other = DevPcsServer.start(platform);
		PcsTestClient otherClient = new PcsTestClient(other.baseUrl());
		assertThat(otherClient.get("/sgx/certification/v4/rootcacrl").statusCode()).isEqualTo(200);
		other.close();
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> otherClient.get("/sgx/certification/v4/rootcacrl"))
			.satisfies((ex) -> assertThat(ex).isInstanceOf(ConnectException.class));
	}

	private static void assertError(String pathAndQuery, int status, String messagePart) throws Exception {
		HttpResponse<byte[]> response = client.get(pathAndQuery);
		assertThat(response.statusCode()).as(pathAndQuery).isEqualTo(status);
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).as(pathAndQuery).contains(messagePart);
	}

}
