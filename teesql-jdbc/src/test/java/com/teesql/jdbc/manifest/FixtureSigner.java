package com.teesql.jdbc.manifest;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;

import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;

/**
 * Signs manifest bodies with the test-vector key {@code 0x11…11} (address
 * {@value #ADDRESS}), for cases the vector file does not contain.
 */
final class FixtureSigner {

	static final String ADDRESS = "0x19e7e376e7c213b7e7e7e46cc70a5dd086daff2a";

	static final String CLUSTER = "0xbd32b609057a1a4569558a571d535c8f1212b097";

	static final String INSTANCE = "ea23198e3419ebbb240571a29d0112d9bcbe69c0";

	static final String URL = "https://ea23198e3419ebbb240571a29d0112d9bcbe69c0-5433.dstack-base-prod9.phala.network";

	private static final ECKeyPair KEY = ECKeyPair.create(new BigInteger("11".repeat(32), 16));

	private FixtureSigner() {
	}

	static String body(String cluster, long epoch, String instance, String url, String version, long validUntil) {
		return "cluster=" + cluster + ";epoch=" + epoch + ";leader_instance=" + instance + ";leader_url=" + url + ";v="
				+ version + ";valid_until=" + validUntil;
	}

	static String sign(String body) {
		Sign.SignatureData signature = Sign.signPrefixedMessage(body.getBytes(StandardCharsets.UTF_8), KEY);
		return "0x" + HexFormat.of().formatHex(signature.getR()) + HexFormat.of().formatHex(signature.getS())
				+ HexFormat.of().formatHex(signature.getV());
	}

	static String txt(long epoch, String url, long validUntil) {
		String body = body(CLUSTER, epoch, INSTANCE, url, "1", validUntil);
		return body + ";sig=" + sign(body);
	}

	static String txt(String cluster, long epoch, long validUntil) {
		String body = body(cluster, epoch, INSTANCE, URL, "1", validUntil);
		return body + ";sig=" + sign(body);
	}

	static Clock at(long epochSecond) {
		return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
	}

}
