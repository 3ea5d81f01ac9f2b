package com.teesql.devcluster.guestagent;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.devcluster.http.HttpStatusException;
import com.teesql.devcluster.http.LocalHttpRequest;
import com.teesql.devcluster.http.LocalHttpResponse;
import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.platform.DevKeyIssuer;
import com.teesql.devcluster.platform.DstackAttestation;
import com.teesql.devcluster.platform.EnvelopeKnobs;
import com.teesql.devcluster.platform.IssuedKey;
import com.teesql.devcluster.platform.RuntimeEvent;
import com.teesql.devcluster.platform.TdIdentity;
import com.teesql.devcluster.platform.TlsKeyRequest;
import com.teesql.jdbc.attestation.TdxEventLogEntry;
import com.teesql.jdbc.attestation.TdxQuoteLayout;

/**
 * The guest agent's HTTP endpoints ({@code /GetTlsKey}, {@code /GetQuote}, {@code /Info}) with dstack's request and
 * response JSON.
 */
final class GuestAgentEndpoints {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final HexFormat HEX = HexFormat.of();

	private final DevKeyIssuer issuer;

	private final Supplier<AttestationKnobs> knobs;

	private final Runnable onKeyIssued;

	private final Supplier<Duration> certificateLifetime;

	GuestAgentEndpoints(DevKeyIssuer issuer, Supplier<AttestationKnobs> knobs, Runnable onKeyIssued,
			Supplier<Duration> certificateLifetime) {
		this.issuer = issuer;
		this.knobs = knobs;
		this.onKeyIssued = onKeyIssued;
		this.certificateLifetime = certificateLifetime;
	}

	LocalHttpResponse getTlsKey(LocalHttpRequest httpRequest) {
		JsonRequestBody body = JsonRequestBody.parse(httpRequest);
		IssuedKey issued;
		try {
			Long notBefore = body.unsignedLong("not_before");
			Long notAfter = body.unsignedLong("not_after");
			Duration lifetime = this.certificateLifetime.get();
			if (lifetime != null && notAfter == null) {
				long start = (notBefore != null) ? notBefore : Instant.now().getEpochSecond();
				notBefore = start;
				notAfter = start + lifetime.toSeconds();
			}
			TlsKeyRequest request = new TlsKeyRequest(body.string("subject", ""), body.strings("alt_names"),
					body.bool("usage_ra_tls"), body.bool("usage_server_auth"), body.bool("usage_client_auth"),
					notBefore, notAfter, body.bool("with_app_info"));
			issued = this.issuer.issue(request, this.knobs.get());
		}
		catch (IllegalArgumentException ex) {
			throw new HttpStatusException(400, ex.getMessage(), ex);
		}
		this.onKeyIssued.run();
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("key", issued.privateKeyPem());
		response.put("certificate_chain", issued.chainPem());
		return LocalHttpResponse.json(200, response);
	}

	LocalHttpResponse getQuote(LocalHttpRequest httpRequest) {
		JsonRequestBody body = JsonRequestBody.parse(httpRequest);
		String reportDataHex = body.string("report_data", null);
		if (reportDataHex == null) {
			throw new HttpStatusException(400, "field 'report_data' is required");
		}
		byte[] reportData = reportData(reportDataHex);
		TdIdentity td = this.issuer.td();
		// The envelope knobs decide the event versions (and so the quoted RTMR3) and the attestation's format.
		EnvelopeKnobs envelope = this.knobs.get().envelope();
		List<RuntimeEvent> events = envelope.versioned(td.runtimeEvents());
		byte[] quote = this.issuer.platform().quote(td, events, reportData);
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("quote", HEX.formatHex(quote));
		response.put("event_log", write(EventLogJson.toJson(JSON, events.stream().map(RuntimeEvent::toTdxEvent).toList())));
		response.put("report_data", HEX.formatHex(reportData));
		response.put("vm_config", DstackAttestation.vmConfig(td));
		response.put("attestation",
				HEX.formatHex(DstackAttestation.encode(quote, td, events, reportData, envelope)));
		return LocalHttpResponse.json(200, response);
	}

	LocalHttpResponse info(LocalHttpRequest httpRequest) {
		// dstack accepts an empty or {} body; parsing still rejects garbage.
		JsonRequestBody.parse(httpRequest);
		TdIdentity td = this.issuer.td();
		ObjectNode tcbInfo = JSON.createObjectNode();
		tcbInfo.put("mrtd", HEX.formatHex(td.mrTd()));
		tcbInfo.put("rtmr0", HEX.formatHex(td.rtmr0()));
		tcbInfo.put("rtmr1", HEX.formatHex(td.rtmr1()));
		tcbInfo.put("rtmr2", HEX.formatHex(td.rtmr2()));
		tcbInfo.put("rtmr3", HEX.formatHex(td.rtmr3()));
		tcbInfo.put("mr_aggregated", HEX.formatHex(mrAggregated(td)));
		tcbInfo.put("os_image_hash", HEX.formatHex(td.osImageHash()));
		tcbInfo.put("compose_hash", HEX.formatHex(td.composeHash()));
		tcbInfo.put("device_id", HEX.formatHex(deviceId()));
		tcbInfo.set("event_log", EventLogJson.toJson(JSON, tdxEvents(td)));
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("app_id", HEX.formatHex(td.appId()));
		response.put("instance_id", HEX.formatHex(td.instanceId()));
		response.put("app_cert", this.issuer.certificateAuthority().certificatePem());
		response.put("tcb_info", write(tcbInfo));
		response.put("app_name", "teesql-dev");
		response.put("device_id", HEX.formatHex(deviceId()));
		response.put("mr_aggregated", HEX.formatHex(mrAggregated(td)));
		response.put("os_image_hash", HEX.formatHex(td.osImageHash()));
		response.put("key_provider_info", keyProviderInfo());
		response.put("compose_hash", HEX.formatHex(td.composeHash()));
		response.put("vm_config", DstackAttestation.vmConfig(td));
		response.put("cloud_vendor", "TeeSQL");
		response.put("cloud_product", "dev-cluster");
		return LocalHttpResponse.json(200, response);
	}

	private static byte[] reportData(String hex) {
		String digits = hex.startsWith("0x") ? hex.substring(2) : hex;
		byte[] bytes;
		try {
			bytes = HEX.parseHex(digits);
		}
		catch (IllegalArgumentException ex) {
			throw new HttpStatusException(400, "field 'report_data' is not valid hex");
		}
		if (bytes.length > TdxQuoteLayout.REPORT_DATA_SIZE) {
			throw new HttpStatusException(400, "field 'report_data' is " + bytes.length + " bytes; at most "
					+ TdxQuoteLayout.REPORT_DATA_SIZE + " are allowed");
		}
		byte[] padded = new byte[TdxQuoteLayout.REPORT_DATA_SIZE];
		System.arraycopy(bytes, 0, padded, 0, bytes.length);
		return padded;
	}

	private static List<TdxEventLogEntry> tdxEvents(TdIdentity td) {
		return td.runtimeEvents().stream().map(RuntimeEvent::toTdxEvent).toList();
	}

	/**
	 * dstack aggregates the measurements into one value for display; the exact recipe only matters for equality,
	 * so a SHA-256 over MRTD and the RTMRs serves.
	 */
	private static byte[] mrAggregated(TdIdentity td) {
		MessageDigest digest = sha256();
		digest.update(td.mrTd());
		digest.update(td.rtmr0());
		digest.update(td.rtmr1());
		digest.update(td.rtmr2());
		digest.update(td.rtmr3());
		return digest.digest();
	}

	private byte[] deviceId() {
		return sha256().digest(this.issuer.platform().qeId());
	}

	private String keyProviderInfo() {
		ObjectNode node = JSON.createObjectNode();
		node.put("name", "teesql-dev-ca");
		node.put("id", HEX.formatHex(this.issuer.certificateAuthority().certificate().getPublicKey().getEncoded()));
		return write(node);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("JDK lacks SHA-256", ex);
		}
	}

	private static String write(Object node) {
		try {
			return JSON.writeValueAsString(node);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Could not write JSON", ex);
		}
	}

}
