package com.teesql.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.jdbc.attestation.AttestationExtractor;
import com.teesql.jdbc.attestation.RaTlsEvidence;
import com.teesql.jdbc.attestation.ReportDataBinding;
import com.teesql.jdbc.attestation.Rtmr3Replay;
import com.teesql.jdbc.attestation.TdxEventLogReplay;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.VersionedAttestation;
import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.errors.ReportDataBindingException;
import com.teesql.jdbc.tls.CertificateFiles;

/**
 * {@code inspect-cert --cert FILE} (DER or PEM): which RA-TLS extension the certificate carries, its envelope (format
 * V0/V1, platform, stack, runtime-event log versions, whether the events replay to RTMR3 and the event log to
 * RTMR0..3), the quote fields, and whether the quote binds the certificate's key. Evidence the driver would refuse
 * while reading it (unsupported platform, malformed envelope, dstack-pod stack) exits 1 with the refusal.
 */
final class InspectCertCommand implements CliCommand {

	@Override
	public int run(List<String> args, ObjectNode out) throws UsageException, IOException {
		CliArguments arguments = CliArguments.parse(args, Set.of("cert"));
		X509Certificate certificate = CertificateFiles.read(Path.of(arguments.required("cert")));
		out.put("subject", certificate.getSubjectX500Principal().getName());
		Optional<RaTlsEvidence> evidence;
		try {
			evidence = AttestationExtractor.extract(certificate);
		}
		catch (AttestationException ex) {
			out.put("verdict", "refused");
			out.put("reason", ex.getMessage());
			return 1;
		}
		if (evidence.isEmpty()) {
			out.putNull("extension_oid");
			out.put("report_data_binds_spki", false);
			return 0;
		}
		RaTlsEvidence found = evidence.get();
		out.put("extension_oid", found.source().oid());
		out.put("format", found.formatName());
		out.put("platform", found.platformName());
		QuoteJson.write(found.quote(), out);
		out.put("report_data_binds_spki", binds(certificate, found));
		Optional<VersionedAttestation> attestation = found.attestation();
		out.put("app_id", attestation.flatMap(VersionedAttestation::appId).orElse(null));
		out.put("compose_hash", attestation.flatMap(VersionedAttestation::composeHash).orElse(null));
		out.put("instance_id", attestation.flatMap(VersionedAttestation::instanceId).orElse(null));
		if (attestation.isPresent()) {
			envelope(attestation.get(), found.quote(), out);
		}
		return 0;
	}

	private static void envelope(VersionedAttestation attestation, TdxQuote quote, ObjectNode out) {
		out.put("stack", attestation.stack().kind());
		ArrayNode versions = out.putArray("event_log_versions");
		attestation.eventLogVersions().forEach((version) -> versions.add(version.name()));
		out.put("runtime_events", attestation.runtimeEvents().size());
		out.put("runtime_events_replay_to_rtmr3",
				Arrays.equals(Rtmr3Replay.replay(attestation.runtimeEvents()), quote.rtmr(3)));
		out.put("event_log_entries", attestation.eventLog().size());
		boolean[] replays = TdxEventLogReplay.matches(attestation.eventLog(), quote);
		ObjectNode eventLog = out.putObject("event_log_replays_to");
		for (int i = 0; i < replays.length; i++) {
			eventLog.put("rtmr" + i, replays[i]);
		}
		attestation.vtpmQuote().ifPresent((vtpm) -> out.put("vtpm_quote", "present, not verified"));
	}

	private static boolean binds(X509Certificate certificate, RaTlsEvidence evidence) throws IOException {
		try {
			ReportDataBinding.verify(certificate, evidence.quote());
			return true;
		}
		catch (ReportDataBindingException ex) {
			return false;
		}
	}

}
