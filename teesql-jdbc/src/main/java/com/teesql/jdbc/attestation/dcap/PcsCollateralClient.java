package com.teesql.jdbc.attestation.dcap;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.teesql.jdbc.attestation.dcap.PcsResponses.SignedDocument;
import com.teesql.jdbc.http.BoundedBodyHandler;

/**
 * Fetches DCAP collateral from Intel's Provisioning Certification Service (PCS) or a PCCS speaking the same v4 API:
 * the PCK CRL, the TDX TCB info, the TD QE identity and the root CA CRL, requested in parallel. Every request is
 * bounded by the connect and request timeout and every body by a size limit, so a slow or hostile service ends in
 * a {@link CollateralUnavailableException} rather than a hang. Nothing is verified here; {@link DcapVerifier} does
 * that, and {@link CachingCollateralSource} avoids fetching for every connection.
 */
public final class PcsCollateralClient implements CollateralSource {

	/** Intel's Provisioning Certification Service. */
	public static final URI INTEL_PCS = URI.create("https://api.trustedservices.intel.com");

	/** Where Intel publishes the root CA CRL (the CRL distribution point of the Intel SGX Root CA). */
	public static final URI INTEL_ROOT_CA_CRL = URI.create("https://certificates.trustedservices.intel.com/IntelSGXRootCA.der");

	/** Default connect and per-request timeout. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	/** Upper bound for any response body; real collateral is a few tens of kilobytes. */
	static final int MAX_BODY_BYTES = 2 * 1024 * 1024;

	private static final Logger logger = LoggerFactory.getLogger(PcsCollateralClient.class);

	private static final List<String> API_SUFFIXES = List.of("/sgx/certification/v4", "/tdx/certification/v4");

	private final URI baseUrl;

	private final URI rootCaCrlUrl;

	private final Duration timeout;

	private final HttpClient httpClient;

	/**
	 * A client for Intel PCS with the default timeout.
	 */
	public PcsCollateralClient() {
		this(INTEL_PCS, null, DEFAULT_TIMEOUT);
	}

	/**
	 * A client for the given service with the default timeout.
	 * @param baseUrl the PCS or PCCS base URL, optionally ending in {@code /sgx/certification/v4} or
	 * {@code /tdx/certification/v4}
	 */
	public PcsCollateralClient(URI baseUrl) {
		this(baseUrl, null, DEFAULT_TIMEOUT);
	}

	/**
	 * A client for the given service.
	 * @param baseUrl the PCS or PCCS base URL, optionally ending in {@code /sgx/certification/v4} or
	 * {@code /tdx/certification/v4}
	 * @param timeout connect timeout and per-request timeout
	 */
	public PcsCollateralClient(URI baseUrl, Duration timeout) {
		this(baseUrl, null, timeout);
	}

	/**
	 * A client for the given service with an explicit root CA CRL location.
	 * @param baseUrl the PCS or PCCS base URL, optionally ending in {@code /sgx/certification/v4} or
	 * {@code /tdx/certification/v4}
	 * @param rootCaCrlUrl where to get the root CA CRL (DER or hex), or {@code null} for the default: Intel's CRL
	 * distribution point when {@code baseUrl} is Intel PCS, otherwise {@code {base}/sgx/certification/v4/rootcacrl}
	 * @param timeout connect timeout and per-request timeout
	 * @throws IllegalArgumentException naming the value if a URL is not an absolute http(s) URL or the timeout is not
	 * positive
	 */
	public PcsCollateralClient(URI baseUrl, URI rootCaCrlUrl, Duration timeout) {
		this.baseUrl = normaliseBase(Objects.requireNonNull(baseUrl, "baseUrl"));
		this.rootCaCrlUrl = (rootCaCrlUrl != null) ? requireHttp(rootCaCrlUrl, "root CA CRL URL")
				: defaultRootCaCrlUrl(this.baseUrl);
		Objects.requireNonNull(timeout, "timeout");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("collateral timeout must be positive, was " + timeout);
		}
		this.timeout = timeout;
		this.httpClient = HttpClient.newBuilder()
			.connectTimeout(timeout)
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build();
	}

	/**
	 * The normalised base URL (without a trailing {@code /} or API suffix).
	 * @return the base URL
	 */
	public URI baseUrl() {
		return this.baseUrl;
	}

	/**
	 * Where the root CA CRL is fetched from.
	 * @return the URL
	 */
	public URI rootCaCrlUrl() {
		return this.rootCaCrlUrl;
	}

	/**
	 * The connect and per-request timeout.
	 * @return the timeout
	 */
	public Duration timeout() {
		return this.timeout;
	}

	@Override
	public DcapCollateral collateral(CollateralKey key) throws CollateralUnavailableException {
		Objects.requireNonNull(key, "key");
		URI pckCrlUrl = api("/sgx/certification/v4/pckcrl?ca=" + key.ca().queryValue() + "&encoding=der");
		URI tcbInfoUrl = api("/tdx/certification/v4/tcb?fmspc=" + key.fmspc());
		URI qeIdentityUrl = api("/tdx/certification/v4/qe/identity?update=standard");
		logger.debug("Fetching DCAP collateral for {} from {}", key, this.baseUrl);
		// All four requests run at once; one deadline bounds them together even if the client's own timers fail.
		long deadline = System.nanoTime() + 2 * this.timeout.toNanos();
		List<Exchange> exchanges = List.of(send(pckCrlUrl), send(tcbInfoUrl), send(qeIdentityUrl),
				send(this.rootCaCrlUrl));
		try {
			HttpResponse<byte[]> pckCrl = exchanges.get(0).await(deadline);
			HttpResponse<byte[]> tcbInfo = exchanges.get(1).await(deadline);
			HttpResponse<byte[]> qeIdentity = exchanges.get(2).await(deadline);
			HttpResponse<byte[]> rootCaCrl = exchanges.get(3).await(deadline);
			SignedDocument tcb = PcsResponses.signedDocument(tcbInfo.body(), "tcbInfo", tcbInfoUrl.toString());
			SignedDocument qe = PcsResponses.signedDocument(qeIdentity.body(), "enclaveIdentity",
					qeIdentityUrl.toString());
			DcapCollateral collateral = new DcapCollateral(
					PcsResponses.issuerChain(pckCrl.headers(), pckCrlUrl.toString(), "SGX-PCK-CRL-Issuer-Chain"),
					PcsResponses.crl(rootCaCrl.body(), this.rootCaCrlUrl.toString()),
					PcsResponses.crl(pckCrl.body(), pckCrlUrl.toString()),
					PcsResponses.issuerChain(tcbInfo.headers(), tcbInfoUrl.toString(), "TCB-Info-Issuer-Chain",
							"SGX-TCB-Info-Issuer-Chain"),
					tcb.text(), tcb.signature(),
					PcsResponses.issuerChain(qeIdentity.headers(), qeIdentityUrl.toString(),
							"SGX-Enclave-Identity-Issuer-Chain"),
					qe.text(), qe.signature(), null);
			logger.debug("Fetched DCAP collateral for {}: {}", key, collateral);
			return collateral;
		}
		finally {
			exchanges.forEach(Exchange::cancel);
		}
	}

	@Override
	public String toString() {
		return "PcsCollateralClient[" + this.baseUrl + ", timeout=" + this.timeout + "]";
	}

	private URI api(String pathAndQuery) {
		return URI.create(this.baseUrl + pathAndQuery);
	}

	private Exchange send(URI url) {
		HttpRequest request = HttpRequest.newBuilder(url).timeout(this.timeout).GET().build();
		return new Exchange(url, this.timeout,
				this.httpClient.sendAsync(request, new BoundedBodyHandler(MAX_BODY_BYTES)));
	}

	private static URI normaliseBase(URI baseUrl) {
		requireHttp(baseUrl, "collateral service base URL");
		if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
			throw new IllegalArgumentException(
					"collateral service base URL must not have a query or fragment, was '" + baseUrl + "'");
		}
		String text = baseUrl.toString();
		while (text.endsWith("/")) {
			text = text.substring(0, text.length() - 1);
		}
		for (String suffix : API_SUFFIXES) {
			if (text.endsWith(suffix)) {
				text = text.substring(0, text.length() - suffix.length());
			}
		}
		try {
			return new URI(text);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("collateral service base URL '" + baseUrl + "' is invalid", ex);
		}
	}

	private static URI requireHttp(URI url, String what) {
		String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : null;
		if (!url.isAbsolute() || url.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) {
			throw new IllegalArgumentException(what + " must be an absolute http(s) URL with a host, was '" + url + "'");
		}
		return url;
	}

	private static URI defaultRootCaCrlUrl(URI baseUrl) {
		if (INTEL_PCS.getHost().equalsIgnoreCase(baseUrl.getHost())) {
			return INTEL_ROOT_CA_CRL;
		}
		return URI.create(baseUrl + "/sgx/certification/v4/rootcacrl");
	}

	/**
	 * One request in flight.
	 */
	private record Exchange(URI url, Duration timeout, CompletableFuture<HttpResponse<byte[]>> response) {

		HttpResponse<byte[]> await(long deadlineNanos) throws CollateralUnavailableException {
			HttpResponse<byte[]> result;
			try {
				result = this.response.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				throw new CollateralUnavailableException("GET " + this.url + ": no response within " + this.timeout, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new CollateralUnavailableException("GET " + this.url + ": interrupted", ex);
			}
			catch (ExecutionException ex) {
				throw failure(ex.getCause());
			}
			if (result.statusCode() < 200 || result.statusCode() > 299) {
				throw new CollateralUnavailableException("GET " + this.url + ": HTTP " + result.statusCode()
						+ errorCode(result));
			}
			return result;
		}

		void cancel() {
			this.response.cancel(true);
		}

		private CollateralUnavailableException failure(Throwable cause) {
			Throwable error = cause;
			while (error instanceof CompletionException && error.getCause() != null) {
				error = error.getCause();
			}
			String detail = (error instanceof HttpTimeoutException) ? "no response within " + this.timeout
					: describe(error);
			return new CollateralUnavailableException("GET " + this.url + ": " + detail, cause);
		}

		/** The error and, as the HTTP client often wraps a bare ConnectException around the real one, its cause. */
		private static String describe(Throwable error) {
			StringBuilder detail = new StringBuilder(error.getClass().getSimpleName());
			if (error.getMessage() != null) {
				detail.append(": ").append(error.getMessage());
			}
			Throwable cause = error.getCause();
			if (cause != null && cause != error) {
				detail.append(" (").append(cause.getClass().getSimpleName());
				if (cause.getMessage() != null) {
					detail.append(": ").append(cause.getMessage());
				}
				detail.append(')');
			}
			return detail.toString();
		}

		/** PCS explains refusals in an Error-Code header; short and ASCII-only before it goes into a message. */
		private static String errorCode(HttpResponse<?> response) {
			return response.headers()
				.firstValue("Error-Code")
				.map((code) -> code.replaceAll("[^A-Za-z0-9_.-]", ""))
				.map((code) -> (code.length() > 64) ? code.substring(0, 64) : code)
				.filter((code) -> !code.isEmpty())
				.map((code) -> " (Error-Code " + code + ")")
				.orElse("");
		}

	}

}
