package com.teesql.devcluster;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.platform.DevTdxPlatform;
import com.teesql.devcluster.platform.TdIdentity;
import com.teesql.devcluster.sidecar.AttestationSource;

/**
 * Serves the sidecar's {@code /attestation} from the simulated platform, as the real sidecar does from its guest
 * agent. It quotes the same TD the sidecar's certificate attests: when the server certificate is reissued with
 * {@link AttestationKnobs} (a debug TD, another MRTD), the document follows.
 *
 * @author teesql-spring-boot
 */
final class PlatformAttestationSource implements AttestationSource {

	private static final HexFormat HEX = HexFormat.of();

	private final DevTdxPlatform platform;

	private volatile TdIdentity td;

	private final TdIdentity genuineTd;

	PlatformAttestationSource(DevTdxPlatform platform, TdIdentity td) {
		this.platform = platform;
		this.genuineTd = td;
		this.td = td;
	}

	/**
	 * Quote the TD as {@code knobs} make it from now on.
	 * @param knobs the knobs the server certificate was issued with
	 */
	void apply(AttestationKnobs knobs) {
		this.td = knobs.applyTo(this.genuineTd);
	}

	@Override
	public String appId() {
		return HEX.formatHex(this.td.appId());
	}

	@Override
	public String composeHash() {
		return HEX.formatHex(this.td.composeHash());
	}

	@Override
	public String instanceId() {
		return HEX.formatHex(this.td.instanceId());
	}

	@Override
	public Map<String, String> tcbInfo() {
		Map<String, String> info = new LinkedHashMap<>();
		info.put("mrtd", HEX.formatHex(this.td.mrTd()));
		info.put("rtmr0", HEX.formatHex(this.td.rtmr0()));
		info.put("rtmr1", HEX.formatHex(this.td.rtmr1()));
		info.put("rtmr2", HEX.formatHex(this.td.rtmr2()));
		info.put("rtmr3", HEX.formatHex(this.td.rtmr3()));
		return info;
	}

	@Override
	public byte[] quote(byte[] reportData) {
		return this.platform.quote(this.td, reportData);
	}

}
