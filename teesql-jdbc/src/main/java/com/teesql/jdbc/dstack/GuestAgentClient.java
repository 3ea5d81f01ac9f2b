package com.teesql.jdbc.dstack;

import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.teesql.jdbc.http.BoundedBodyHandler;
import com.teesql.jdbc.errors.GuestAgentException;
import com.teesql.jdbc.errors.GuestAgentUnavailableException;
import com.teesql.jdbc.errors.TeeSqlException;

/**
 * Client for the dstack guest agent's HTTP API, over a Unix-domain socket (inside a CVM) or HTTP (simulators).
 * Every call is bounded by the timeout given at construction.
 */
public final class GuestAgentClient {

	private static final Logger logger = LoggerFactory.getLogger(GuestAgentClient.class);

	/** Environment variable naming a simulator endpoint (HTTP URL or socket path). */
	public static final String SIMULATOR_ENDPOINT_ENV = "DSTACK_SIMULATOR_ENDPOINT";

	/** Socket paths probed in order when nothing is configured. */
	public static final List<Path> DEFAULT_SOCKET_PATHS = List.of(Path.of("/var/run/dstack.sock"),
			Path.of("/run/dstack.sock"), Path.of("/var/run/dstack/dstack.sock"), Path.of("/run/dstack/dstack.sock"));

	private static final ObjectMapper json = new ObjectMapper();

	private final GuestAgentEndpoint endpoint;

	private final Duration timeout;

	private final HttpClient httpClient;

	/**
	 * Create a client.
	 * @param endpoint the guest agent endpoint
	 * @param timeout the bound for each whole request (connect, send, receive)
	 */
	public GuestAgentClient(GuestAgentEndpoint endpoint, Duration timeout) {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("dstack guest agent timeout must be positive, got " + timeout);
		}
		this.endpoint = endpoint;
		this.timeout = timeout;
		this.httpClient = (endpoint.kind() == GuestAgentEndpoint.Kind.HTTP) ? HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(timeout)
			.build() : null;
	}

	/**
	 * Resolve the endpoint: the configured value, else {@code DSTACK_SIMULATOR_ENDPOINT}, else the first existing
	 * default socket path, else {@code /var/run/dstack.sock}.
	 * @param configured the configured endpoint or {@code null}
	 * @return the endpoint
	 */
	public static GuestAgentEndpoint resolve(String configured) {
		return resolve(configured, System.getenv(), DEFAULT_SOCKET_PATHS);
	}

	static GuestAgentEndpoint resolve(String configured, Map<String, String> environment, List<Path> socketPaths) {
		if (configured != null && !configured.isBlank()) {
			return GuestAgentEndpoint.of(configured);
		}
		String simulator = environment.get(SIMULATOR_ENDPOINT_ENV);
		if (simulator != null && !simulator.isBlank()) {
			return GuestAgentEndpoint.of(simulator);
		}
		for (Path path : socketPaths) {
			if (Files.exists(path)) {
				return new GuestAgentEndpoint(GuestAgentEndpoint.Kind.UNIX, path.toString());
			}
		}
		return new GuestAgentEndpoint(GuestAgentEndpoint.Kind.UNIX, socketPaths.get(0).toString());
	}

	public GuestAgentEndpoint endpoint() {
		return this.endpoint;
	}

	/**
	 * Ask the guest agent for a fresh key and RA-TLS certificate ({@code POST /GetTlsKey}).
	 * @param subject the certificate subject (CN)
	 * @param usageRaTls embed an attestation in the certificate
	 * @param usageServerAuth add the serverAuth extended key usage
	 * @param usageClientAuth add the clientAuth extended key usage
	 * @return the key and chain
	 * @throws GuestAgentUnavailableException if the agent cannot be reached or does not answer in time
	 * @throws GuestAgentException if the answer is an error or unusable
	 */
	public TlsKey getTlsKey(String subject, boolean usageRaTls, boolean usageServerAuth, boolean usageClientAuth)
			throws TeeSqlException {
		ObjectNode request = json.createObjectNode()
			.put("subject", subject)
			.put("usage_ra_tls", usageRaTls)
			.put("usage_server_auth", usageServerAuth)
			.put("usage_client_auth", usageClientAuth);
		GuestAgentResponse response = post("/GetTlsKey", request.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
		JsonNode body = parseJson(response);
		if (response.status() != 200) {
			JsonNode error = (body != null) ? body.get("error") : null;
			String detail = (error != null && error.isTextual()) ? error.asText() : "(no error field)";
			throw new GuestAgentException("dstack guest agent GetTlsKey failed with HTTP status " + response.status()
					+ ": " + shorten(detail));
		}
		if (body == null || !body.isObject()) {
			throw new GuestAgentException("dstack guest agent: failed to parse GetTlsKey response: not a JSON object");
		}
		TlsKey key = new TlsKey(parsePrivateKey(body.get("key")), parseChain(body));
		logger.debug("Obtained client certificate from dstack guest agent at {}: {}", this.endpoint, key);
		return key;
	}

	private GuestAgentResponse post(String path, byte[] body) throws TeeSqlException {
		long timeoutMillis = this.timeout.toMillis();
		try {
			if (this.endpoint.kind() == GuestAgentEndpoint.Kind.UNIX) {
				return new UnixSocketHttpExchange(this.endpoint.socketPath(), timeoutMillis).post(path, body);
			}
			return postHttp(path, body, timeoutMillis);
		}
		catch (GuestAgentException ex) {
			throw ex;
		}
		catch (SocketTimeoutException | java.net.http.HttpTimeoutException ex) {
			throw unavailable("no answer within " + timeoutMillis + "ms", ex);
		}
		catch (IOException ex) {
			throw unavailable(describe(ex), safeCause(ex));
		}
	}

	private GuestAgentResponse postHttp(String path, byte[] body, long timeoutMillis) throws IOException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.endpoint.value() + path))
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		CompletableFuture<HttpResponse<byte[]>> future = this.httpClient.sendAsync(request,
				new BoundedBodyHandler(GuestAgentResponse.MAX_BODY_SIZE));
		try {
			// One deadline for headers and body: the request timeout alone stops at the response headers.
			HttpResponse<byte[]> response = future.get(timeoutMillis, TimeUnit.MILLISECONDS);
			return new GuestAgentResponse(response.statusCode(), response.body());
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new SocketTimeoutException("no answer within " + timeoutMillis + "ms");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			future.cancel(true);
			throw new IOException("interrupted while waiting for the dstack guest agent", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof BoundedBodyHandler.BodyTooLargeException) {
				throw new GuestAgentException("dstack guest agent: response body exceeds the 1 MiB limit");
			}
			if (cause instanceof IOException ioException) {
				throw ioException;
			}
			throw new IOException(String.valueOf(cause), cause);
		}
	}

	private GuestAgentUnavailableException unavailable(String reason, Throwable cause) {
		return new GuestAgentUnavailableException("dstack guest agent unreachable at " + this.endpoint + ": " + reason
				+ ". In production mount /var/run/dstack.sock into the container; in development set "
				+ SIMULATOR_ENDPOINT_ENV + " or teesql.dstack.endpoint to a running dstack simulator.", cause);
	}

	private static String describe(IOException ex) {
		// The JDK HTTP client's ConnectException often has no message of its own; its cause says why.
		String message = (ex.getMessage() != null) ? ex.getMessage()
				: (ex.getCause() != null && ex.getCause().getMessage() != null) ? ex.getCause().getMessage() : "";
		message = withoutResponseBytes(message);
		if (ex instanceof ConnectException || message.toLowerCase(Locale.ROOT).contains("connection refused")) {
			return message.isEmpty() || message.equalsIgnoreCase("connection refused") ? "connection refused"
					: "connection refused (" + message + ")";
		}
		return ex.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
	}

	// A cause whose message quoted the response is replaced by one that does not: stack traces print causes.
	private static IOException safeCause(IOException ex) {
		String message = String.valueOf(ex.getMessage());
		if (withoutResponseBytes(message).equals(message)) {
			return ex;
		}
		IOException safe = new IOException(ex.getClass().getName() + ": " + withoutResponseBytes(message));
		safe.setStackTrace(ex.getStackTrace());
		return safe;
	}

	// The JDK HTTP client quotes the bytes it received in its parse errors; from a guest agent they may be the
	// private key, which must never reach a log or an exception message.
	private static String withoutResponseBytes(String message) {
		int quoted = message.indexOf("receiving [");
		String safe = (quoted >= 0) ? message.substring(0, quoted) + "receiving <response bytes not shown>" : message;
		return safe.contains("PRIVATE KEY") ? "<message not shown: it quoted key material>" : safe;
	}

	private static JsonNode parseJson(GuestAgentResponse response) throws GuestAgentException {
		try {
			return json.readTree(response.body());
		}
		catch (IOException ex) {
			if (response.status() != 200) {
				return null;
			}
			throw new GuestAgentException("dstack guest agent: failed to parse GetTlsKey response: body is not JSON ("
					+ response.body().length + " bytes)", ex);
		}
	}

	private static PrivateKey parsePrivateKey(JsonNode key) throws GuestAgentException {
		if (key == null || !key.isTextual() || key.asText().isBlank()) {
			throw new GuestAgentException("dstack guest agent: GetTlsKey response has no key");
		}
		try (PEMParser parser = new PEMParser(new StringReader(key.asText()))) {
			Object object = parser.readObject();
			JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
			if (object instanceof PrivateKeyInfo info) {
				return converter.getPrivateKey(info);
			}
			if (object instanceof PEMKeyPair pair) {
				return converter.getKeyPair(pair).getPrivate();
			}
			// Never include the PEM text: it is the private key.
			throw new GuestAgentException("dstack guest agent: GetTlsKey key is not a PEM private key ("
					+ ((object != null) ? object.getClass().getSimpleName() : "no PEM object") + ")");
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof GuestAgentException guestAgentException) {
				throw guestAgentException;
			}
			throw new GuestAgentException("dstack guest agent: cannot parse GetTlsKey private key ("
					+ ex.getClass().getSimpleName() + ")");
		}
	}

	private static List<X509Certificate> parseChain(JsonNode body) throws GuestAgentException {
		List<String> pems = new ArrayList<>();
		JsonNode chain = body.get("certificate_chain");
		if (chain != null && chain.isArray()) {
			for (JsonNode element : chain) {
				if (!element.isTextual()) {
					throw new GuestAgentException("dstack guest agent: certificate_chain contains a non-string entry");
				}
				pems.add(element.asText());
			}
		}
		else if (body.hasNonNull("cert") && body.get("cert").isTextual()) {
			pems.add(body.get("cert").asText());
		}
		else {
			throw new GuestAgentException("dstack guest agent: response missing certificate_chain and cert");
		}
		List<X509Certificate> certificates = new ArrayList<>();
		JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
		for (String pem : pems) {
			try (PEMParser parser = new PEMParser(new StringReader(pem))) {
				Object object;
				while ((object = parser.readObject()) != null) {
					if (!(object instanceof X509CertificateHolder holder)) {
						throw new GuestAgentException("dstack guest agent: certificate_chain contains a "
								+ object.getClass().getSimpleName() + " instead of a certificate");
					}
					certificates.add(converter.getCertificate(holder));
				}
			}
			catch (IOException | CertificateException | RuntimeException ex) {
				if (ex instanceof GuestAgentException guestAgentException) {
					throw guestAgentException;
				}
				throw new GuestAgentException("dstack guest agent: cannot parse certificate_chain: " + ex.getMessage(),
						ex);
			}
		}
		if (certificates.isEmpty()) {
			throw new GuestAgentException("dstack guest agent returned an empty certificate chain");
		}
		return certificates;
	}

	private static String shorten(String value) {
		String printable = value.replaceAll("\\p{Cntrl}", " ");
		return (printable.length() > 300) ? printable.substring(0, 300) + "\u2026" : printable;
	}

	@Override
	public String toString() {
		return "GuestAgentClient[endpoint=" + this.endpoint + ", timeout=" + this.timeout + "]";
	}

}
