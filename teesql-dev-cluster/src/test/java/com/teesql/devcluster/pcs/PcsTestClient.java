package com.teesql.devcluster.pcs;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import com.teesql.jdbc.attestation.dcap.DcapCollateral;

/**
 * Fetches DCAP collateral over real HTTP the way a PCS client does: four GETs, issuer chains percent-decoded from
 * the headers, and the signed inner JSON objects sliced out of the response bodies byte for byte (never
 * re-serialised, since the signatures cover the exact bytes).
 */
final class PcsTestClient {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final JsonFactory JSON = new JsonFactory();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final URI baseUrl;

	PcsTestClient(URI baseUrl) {
		this.baseUrl = baseUrl;
	}

	DcapCollateral fetch(String fmspc) throws Exception {
		HttpResponse<byte[]> pckCrl = getOk("/sgx/certification/v4/pckcrl?ca=platform&encoding=der");
		HttpResponse<byte[]> tcb = getOk("/tdx/certification/v4/tcb?fmspc=" + fmspc);
		HttpResponse<byte[]> qe = getOk("/tdx/certification/v4/qe/identity?update=standard");
		HttpResponse<byte[]> rootCrl = getOk("/sgx/certification/v4/rootcacrl");
		SignedDocument tcbInfo = signedDocument(tcb.body(), "tcbInfo");
		SignedDocument qeIdentity = signedDocument(qe.body(), "enclaveIdentity");
		return new DcapCollateral(header(pckCrl, "SGX-PCK-CRL-Issuer-Chain"),
				HexFormat.of().parseHex(new String(rootCrl.body(), StandardCharsets.US_ASCII).trim()), pckCrl.body(),
				header(tcb, "TCB-Info-Issuer-Chain"), tcbInfo.json(), tcbInfo.signature(),
				header(qe, "SGX-Enclave-Identity-Issuer-Chain"), qeIdentity.json(), qeIdentity.signature(), null);
	}

	HttpResponse<byte[]> get(String pathAndQuery) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + pathAndQuery)).timeout(TIMEOUT).GET()
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
	}

	HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private HttpResponse<byte[]> getOk(String pathAndQuery) throws IOException, InterruptedException {
		HttpResponse<byte[]> response = get(pathAndQuery);
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET " + pathAndQuery + " answered " + response.statusCode() + ": "
					+ new String(response.body(), StandardCharsets.UTF_8));
		}
		return response;
	}

	static String header(HttpResponse<?> response, String name) {
		String value = response.headers()
			.firstValue(name)
			.orElseThrow(() -> new IllegalStateException("response lacks header " + name));
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	/**
	 * Slices {@code field}'s object out of {@code {"<field>":{…},"signature":"<hex>"}} exactly as served.
	 */
	static SignedDocument signedDocument(byte[] body, String field) throws IOException {
		String json = null;
		byte[] signature = null;
		try (JsonParser parser = JSON.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new IOException("response body is not a JSON object");
			}
			while (parser.nextToken() == JsonToken.FIELD_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if (field.equals(name) && value == JsonToken.START_OBJECT) {
					int start = (int) parser.currentTokenLocation().getByteOffset();
					parser.skipChildren();
					int end = (int) parser.currentLocation().getByteOffset();
					json = new String(Arrays.copyOfRange(body, start, end), StandardCharsets.UTF_8);
				}
				else if ("signature".equals(name) && value == JsonToken.VALUE_STRING) {
					signature = HexFormat.of().parseHex(parser.getText());
				}
				else {
					parser.skipChildren();
				}
			}
		}
		if (json == null || signature == null) {
			throw new IOException("response body lacks '" + field + "' or 'signature'");
		}
		return new SignedDocument(json, signature);
	}

	record SignedDocument(String json, byte[] signature) {
	}

}
