package com.teesql.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.jdbc.manifest.InvalidLeaderUrlException;
import com.teesql.jdbc.manifest.LeaderManifest;
import com.teesql.jdbc.manifest.LeaderTarget;
import com.teesql.jdbc.manifest.ParsedManifest;

/**
 * Writes leader-manifest fields with the wire's key names.
 */
final class ManifestJson {

	private ManifestJson() {
	}

	static void write(ParsedManifest manifest, ObjectNode out) {
		out.put("cluster", manifest.cluster());
		out.put("epoch", manifest.epoch());
		out.put("leader_instance", manifest.leaderInstance());
		out.put("leader_url", manifest.leaderUrl());
		out.put("valid_until", manifest.validUntil());
	}

	static void write(LeaderManifest manifest, ObjectNode out) throws InvalidLeaderUrlException {
		out.put("cluster", manifest.cluster());
		out.put("epoch", manifest.epoch());
		out.put("leader_instance", manifest.leaderInstance());
		out.put("leader_url", manifest.leaderUrl());
		out.put("valid_until", manifest.validUntil());
		out.put("recovered_signer", manifest.recoveredSigner());
		LeaderTarget target = manifest.target();
		out.put("host", target.host());
		out.put("port", target.port());
	}

	static void clearFields(ObjectNode out) {
		for (String field : new String[] { "cluster", "epoch", "leader_instance", "leader_url", "valid_until",
				"recovered_signer" }) {
			if (!out.has(field)) {
				out.putNull(field);
			}
		}
	}

}
