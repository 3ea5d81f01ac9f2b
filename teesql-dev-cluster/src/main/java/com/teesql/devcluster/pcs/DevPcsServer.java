package com.teesql.devcluster.pcs;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.teesql.devcluster.http.HttpRoutes;
import com.teesql.devcluster.http.HttpStatusException;
import com.teesql.devcluster.http.LocalHttpHandler;
import com.teesql.devcluster.http.LocalHttpRequest;
import com.teesql.devcluster.http.LocalHttpResponse;
import com.teesql.devcluster.http.LocalHttpServer;
import com.teesql.devcluster.platform.CollateralKnobs;
import com.teesql.devcluster.platform.DevCollateral;
import com.teesql.devcluster.platform.DevPki;
import com.teesql.devcluster.platform.DevTdxPlatform;
import com.teesql.devcluster.platform.PlatformTcb;
import com.teesql.devcluster.platform.QuotingEnclaveIdentity;

/**
 * A loopback HTTP server that answers the Intel PCS v4 collateral requests a DCAP client makes for one dev platform,
 * with {@link DevCollateral} signed by the platform's dev PKI. Paths, query parameters, bodies and issuer-chain
 * headers are those of Intel's PCS, so a PCS client pointed at {@link #baseUrl()} needs no dev-specific code. The
 * {@link CollateralKnobs} can be changed while it runs to make a verifier's checks fail for real.
 */
public final class DevPcsServer implements AutoCloseable {

	/** PCK CRL: {@code ?ca=platform&encoding=der}. */
	public static final String PCK_CRL_PATH = "/sgx/certification/v4/pckcrl";

	/** TDX TCB info: {@code ?fmspc=<12 hex digits>}. */
	public static final String TCB_INFO_PATH = "/tdx/certification/v4/tcb";

	/** TD quoting enclave identity: {@code ?update=standard}. */
	public static final String QE_IDENTITY_PATH = "/tdx/certification/v4/qe/identity";

	/** Root CA CRL as hex of DER, as a PCCS serves it. */
	public static final String ROOT_CA_CRL_PATH = "/sgx/certification/v4/rootcacrl";

	/** Fresh collateral is reissued this often, so a long-running dev cluster never serves expired documents. */
	private static final Duration REISSUE_INTERVAL = Duration.ofDays(1);

	private static final Set<String> UPDATE_TYPES = Set.of("standard", "early");

	private static final Logger logger = LoggerFactory.getLogger(DevPcsServer.class);

	private final DevPki pki;

	private final PlatformTcb tcb;

	private final QuotingEnclaveIdentity qeIdentity;

	private final Clock clock;

	private final LocalHttpServer server;

	private final URI baseUrl;

	private final AtomicLong requests = new AtomicLong();

	private final Map<String, AtomicLong> requestsByPath = new ConcurrentHashMap<>();

	private volatile Issued issued;

	private DevPcsServer(DevTdxPlatform platform, CollateralKnobs knobs, Clock clock) {
		this.pki = platform.pki();
		this.tcb = platform.tcb();
		this.qeIdentity = platform.qeIdentity();
		this.clock = clock;
		this.issued = issue(knobs);
		HttpRoutes routes = new HttpRoutes().add("GET", PCK_CRL_PATH, counted(this::pckCrl))
			.add("GET", TCB_INFO_PATH, counted(this::tcbInfo))
			.add("GET", QE_IDENTITY_PATH, counted(this::qeIdentity))
			.add("GET", ROOT_CA_CRL_PATH, counted(this::rootCaCrl));
		this.server = new LocalHttpServer("dev-pcs", routes);
		InetSocketAddress address = this.server.listenOnLoopback();
		this.baseUrl = URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
	}

	/**
	 * Starts a PCS for {@code platform} serving genuine collateral.
	 * @param platform the dev platform whose quotes the collateral grades
	 * @return the running server
	 */
	public static DevPcsServer start(DevTdxPlatform platform) {
		return start(platform, CollateralKnobs.genuine(), Clock.systemUTC());
	}

	/**
	 * Starts a PCS for {@code platform}.
	 * @param platform the dev platform whose quotes the collateral grades
	 * @param knobs the initial collateral knobs
	 * @param clock the clock collateral dates are taken from
	 * @return the running server
	 */
	public static DevPcsServer start(DevTdxPlatform platform, CollateralKnobs knobs, Clock clock) {
		Objects.requireNonNull(platform, "platform");
		Objects.requireNonNull(knobs, "knobs");
		Objects.requireNonNull(clock, "clock");
		DevPcsServer pcs = new DevPcsServer(platform, knobs, clock);
		logger.info("Dev PCS for FMSPC {} listening on {}", pcs.pki.fmspcHex(), pcs.baseUrl);
		return pcs;
	}

	/**
	 * The base URL to configure as a client's PCS/PCCS URL, e.g. {@code http://127.0.0.1:40123}.
	 * @return the base URL, without a trailing slash
	 */
	public URI baseUrl() {
		return this.baseUrl;
	}

	/**
	 * The root CA a verifier of this platform's quotes must pin.
	 * @return the dev root certificate
	 */
	public X509Certificate rootCertificate() {
		return this.pki.rootCertificate();
	}

	/**
	 * Replaces the knobs; collateral served from now on is reissued with them.
	 * @param knobs the new knobs
	 */
	public void setKnobs(CollateralKnobs knobs) {
		Objects.requireNonNull(knobs, "knobs");
		Issued reissued = issue(knobs);
		synchronized (this) {
			this.issued = reissued;
		}
		logger.info("Dev PCS collateral reissued with {}", knobs);
	}

	/**
	 * The knobs the served collateral was issued with.
	 * @return the knobs
	 */
	public CollateralKnobs knobs() {
		return this.issued.collateral.knobs();
	}

	/**
	 * The collateral currently served.
	 * @return the collateral
	 */
	public DevCollateral collateral() {
		Issued current = this.issued;
		if (!this.clock.instant().isBefore(current.at.plus(REISSUE_INTERVAL))) {
			Issued reissued = issue(current.collateral.knobs());
			// A concurrent setKnobs wins: its knobs are newer than the ones being refreshed here.
			synchronized (this) {
				if (this.issued == current) {
					this.issued = reissued;
				}
				return this.issued.collateral;
			}
		}
		return current.collateral;
	}

	/**
	 * How many requests the PCS endpoints answered (including 4xx answers, excluding unknown paths).
	 * @return the count
	 */
	public long requestCount() {
		return this.requests.get();
	}

	/**
	 * How many requests one endpoint answered.
	 * @param path one of the {@code *_PATH} constants
	 * @return the count
	 */
	public long requestCount(String path) {
		AtomicLong count = this.requestsByPath.get(path);
		return (count != null) ? count.get() : 0;
	}

	private Issued issue(CollateralKnobs knobs) {
		Instant now = this.clock.instant();
		return new Issued(DevCollateral.generate(this.pki, this.tcb, this.qeIdentity, knobs, now), now);
	}

	private LocalHttpHandler counted(LocalHttpHandler handler) {
		return (request) -> {
			this.requests.incrementAndGet();
			this.requestsByPath.computeIfAbsent(request.path(), (path) -> new AtomicLong()).incrementAndGet();
			logger.debug("Dev PCS {} {}", request.path(), request.query());
			return handler.handle(request);
		};
	}

	private LocalHttpResponse pckCrl(LocalHttpRequest request) {
		QueryParameters query = QueryParameters.parse(request.query());
		String ca = query.required("ca").toLowerCase(Locale.ROOT);
		if ("processor".equals(ca)) {
			throw new HttpStatusException(404, "this dev PCS has no PCK Processor CA; its PCK is issued by the "
					+ "Platform CA (ca=platform)");
		}
		if (!"platform".equals(ca)) {
			throw QueryParameters.badRequest("query parameter 'ca' must be 'platform' or 'processor' but was '"
					+ QueryParameters.abbreviate(ca) + "'");
		}
		String encoding = query.oneOf("encoding", "pem", Set.of("pem", "der"));
		DevCollateral collateral = collateral();
		byte[] der = collateral.pckCrl();
		LocalHttpResponse response = "der".equals(encoding)
				? new LocalHttpResponse(200, "application/pkix-crl", Map.of(), der)
				: new LocalHttpResponse(200, "application/x-pem-file", Map.of(),
						crlPem(der).getBytes(StandardCharsets.US_ASCII));
		return response.withHeader("SGX-PCK-CRL-Issuer-Chain", headerPem(collateral.pckCrlIssuerChainPem()));
	}

	private LocalHttpResponse tcbInfo(LocalHttpRequest request) {
		QueryParameters query = QueryParameters.parse(request.query());
		String fmspc = query.required("fmspc");
		if (!fmspc.matches("[0-9A-Fa-f]{12}")) {
			throw QueryParameters.badRequest("query parameter 'fmspc' must be 12 hex digits but was '"
					+ QueryParameters.abbreviate(fmspc) + "'");
		}
		query.oneOf("update", "standard", UPDATE_TYPES);
		DevCollateral collateral = collateral();
		if (!fmspc.equalsIgnoreCase(collateral.fmspc())) {
			throw new HttpStatusException(404, "no TCB info for FMSPC " + fmspc.toUpperCase(Locale.ROOT));
		}
		return json(collateral.tcbInfoResponseBody()).withHeader("TCB-Info-Issuer-Chain",
				headerPem(collateral.tcbSigningChainPem()));
	}

	private LocalHttpResponse qeIdentity(LocalHttpRequest request) {
		QueryParameters.parse(request.query()).oneOf("update", "standard", UPDATE_TYPES);
		DevCollateral collateral = collateral();
		return json(collateral.qeIdentityResponseBody()).withHeader("SGX-Enclave-Identity-Issuer-Chain",
				headerPem(collateral.tcbSigningChainPem()));
	}

	private LocalHttpResponse rootCaCrl(LocalHttpRequest request) {
		return new LocalHttpResponse(200, "text/plain; charset=us-ascii", Map.of(),
				HexFormat.of().formatHex(collateral().rootCaCrl()).getBytes(StandardCharsets.US_ASCII));
	}

	private static LocalHttpResponse json(String body) {
		// The body is sent as built: clients verify the signature over the inner object's exact bytes.
		return new LocalHttpResponse(200, "application/json", Map.of(), body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * PCS puts PEM chains in headers percent-encoded, with spaces as {@code %20} (a literal {@code +} would be read
	 * back as {@code +} by strict percent-decoders, breaking the PEM armour lines).
	 */
	static String headerPem(String pem) {
		return URLEncoder.encode(pem, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static String crlPem(byte[] der) {
		StringWriter text = new StringWriter();
		try (PemWriter writer = new PemWriter(text)) {
			writer.writeObject(new PemObject("X509 CRL", der));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return text.toString();
	}

	/**
	 * Stops the HTTP server.
	 */
	@Override
	public void close() {
		this.server.close();
		logger.debug("Dev PCS on {} closed", this.baseUrl);
	}

	@Override
	public String toString() {
		return "DevPcsServer[" + this.baseUrl + ", fmspc=" + this.pki.fmspcHex() + "]";
	}

	private record Issued(DevCollateral collateral, Instant at) {
	}

}
