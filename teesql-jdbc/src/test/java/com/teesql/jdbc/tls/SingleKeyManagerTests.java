package com.teesql.jdbc.tls;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.teesql.jdbc.dstack.TlsKey;
import com.teesql.jdbc.support.TestKeys;
import com.teesql.testsupport.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;

class SingleKeyManagerTests {

	private static final X509Certificate CERTIFICATE = TestVectors
		.certificate("derived/cert_oid18_v0_bound_patched_quote.der");

	@Test
	void offersTheKeyForTheKeyTypesAndCurveItServesAndNothingElse() throws Exception {
		ClientKeyManager p256 = new ClientKeyManager(new TlsKey(TestKeys.derivedVectorKey(), List.of(CERTIFICATE)));
		// The JDK's key type, and BouncyCastle's TLS 1.3 form naming the curve.
		assertThat(p256.chooseClientAlias(new String[] { "EC" }, null, null)).isNotNull();
		assertThat(p256.chooseClientAlias(new String[] { "RSA", "EC/secp256r1" }, null, null)).isNotNull();
		assertThat(p256.getClientAliases("EC/secp256r1", null)).hasSize(1);
		// Another curve, another algorithm, nothing asked: no alias, and asking twice answers the same.
		for (int i = 0; i < 2; i++) {
			assertThat(p256.chooseClientAlias(new String[] { "EC/secp384r1" }, null, null)).isNull();
			assertThat(p256.chooseClientAlias(new String[] { "RSA", "RSASSA-PSS" }, null, null)).isNull();
		}
		assertThat(p256.chooseClientAlias(null, null, null)).isNull();
		assertThat(p256.getClientAliases("EC/no-such-curve", null)).isNull();
		// A client key manager is never a server's.
		assertThat(p256.chooseServerAlias("EC", null, null)).isNull();
		assertThat(p256.getPrivateKey("other")).isNull();
		assertThat(p256.toString()).startsWith("ClientKeyManager[leaf=").doesNotContain("PRIVATE");
	}

	@Test
	void aP384KeyServesOnlyItsCurve() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp384r1"));
		PrivateKey p384 = generator.generateKeyPair().getPrivate();
		assertThat(JsseKeyTypes.matches(p384, "EC/secp384r1")).isTrue();
		assertThat(JsseKeyTypes.matches(p384, "EC/secp256r1")).isFalse();
		assertThat(JsseKeyTypes.matches(p384, "EC")).isTrue();
	}

}
