package com.teesql.jdbc.attestation.dcap;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

import com.teesql.jdbc.attestation.QuoteSignatureData;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.TdxQuoteLayout;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;

/**
 * Identifies the collateral a quote needs: the platform's FMSPC and the Intel CA that issued its PCK certificate
 * (which selects the PCK CRL). Read from the PCK leaf certificate inside the quote, before anything is verified; the
 * collateral fetched for it is checked by {@link DcapVerifier} like any other input.
 *
 * @param fmspc the FMSPC as 12 upper-case hex characters
 * @param ca the PCK CA
 */
public record CollateralKey(String fmspc, PckCa ca) {

	private static final Pattern FMSPC = Pattern.compile("[0-9A-F]{12}");

	public CollateralKey {
		Objects.requireNonNull(fmspc, "fmspc");
		Objects.requireNonNull(ca, "ca");
		if (!FMSPC.matcher(fmspc).matches()) {
			throw new IllegalArgumentException("FMSPC must be 12 upper-case hex characters (6 bytes), was '" + fmspc
					+ "'");
		}
	}

	/**
	 * Create a key, accepting the FMSPC in either case.
	 * @param fmspc the FMSPC as 12 hex characters
	 * @param ca the PCK CA
	 * @return the key
	 * @throws IllegalArgumentException if the FMSPC is not 12 hex characters
	 */
	public static CollateralKey of(String fmspc, PckCa ca) {
		return new CollateralKey(Objects.requireNonNull(fmspc, "fmspc").toUpperCase(Locale.ROOT), ca);
	}

	/**
	 * Read the key from the PCK certificate chain inside a raw quote (certification data type 6 wrapping type 5).
	 * @param quote the raw quote
	 * @return the key
	 * @throws DcapVerificationException if the quote or its PCK certificate cannot be parsed, or the issuer is not a
	 * PCK Platform or Processor CA
	 */
	public static CollateralKey fromQuote(byte[] quote) throws DcapVerificationException {
		if (quote == null) {
			throw new DcapVerificationException(Reason.MALFORMED_QUOTE, "quote is missing");
		}
		return fromQuote(DcapVerifier.parse(quote));
	}

	/**
	 * Read the key from the PCK certificate chain inside a parsed quote (certification data type 6 wrapping type 5).
	 * @param quote the parsed quote
	 * @return the key
	 * @throws DcapVerificationException if the quote's signature data or its PCK certificate cannot be parsed, or the
	 * issuer is not a PCK Platform or Processor CA
	 */
	public static CollateralKey fromQuote(TdxQuote quote) throws DcapVerificationException {
		QuoteSignatureData signatureData = DcapVerifier.signatureData(quote);
		if (signatureData.pckCertDataType() != TdxQuoteLayout.CERT_DATA_TYPE_PCK_CHAIN) {
			throw new DcapVerificationException(Reason.UNSUPPORTED_QUOTE,
					"quote PCK certification data type must be 5 (PEM chain) to find its collateral, was "
							+ signatureData.pckCertDataType());
		}
		List<X509Certificate> chain = CertificateChainValidator.parsePem(signatureData.pckCertData(),
				"quote PCK certificate chain", Reason.MALFORMED_QUOTE);
		X509Certificate leaf = chain.get(0);
		PckCertificate pck = PckCertificate.from(leaf);
		return of(pck.fmspc(), PckCa.fromIssuer(leaf.getIssuerX500Principal()));
	}

	@Override
	public String toString() {
		return "FMSPC " + this.fmspc + " (" + this.ca.queryValue() + " CA)";
	}

	/**
	 * The Intel CA that issues PCK certificates; each publishes its own PCK CRL.
	 */
	public enum PckCa {

		/** Intel SGX PCK Platform CA (multi-package platforms, all TDX platforms seen so far). */
		PLATFORM("platform", "Platform"),

		/** Intel SGX PCK Processor CA. */
		PROCESSOR("processor", "Processor");

		private final String queryValue;

		private final String issuerMarker;

		PckCa(String queryValue, String issuerMarker) {
			this.queryValue = queryValue;
			this.issuerMarker = issuerMarker;
		}

		/**
		 * The value of the {@code ca} query parameter of the PCS {@code pckcrl} request.
		 * @return {@code platform} or {@code processor}
		 */
		public String queryValue() {
			return this.queryValue;
		}

		/**
		 * Classify a PCK certificate issuer by its common name, as Intel's and dcap-qvl's clients do.
		 * @param issuer the PCK leaf's issuer
		 * @return the CA
		 * @throws DcapVerificationException if the common name names neither CA
		 */
		static PckCa fromIssuer(X500Principal issuer) throws DcapVerificationException {
			String commonName = commonName(issuer);
			for (PckCa ca : values()) {
				if (commonName.contains(ca.issuerMarker)) {
					return ca;
				}
			}
			throw new DcapVerificationException(Reason.PCK_EXTENSION_INVALID,
					"PCK certificate issuer CN '" + commonName + "' names neither the Platform nor the Processor CA");
		}

		private static String commonName(X500Principal issuer) throws DcapVerificationException {
			try {
				for (Rdn rdn : new LdapName(issuer.getName(X500Principal.RFC2253)).getRdns()) {
					if ("CN".equalsIgnoreCase(rdn.getType())) {
						return String.valueOf(rdn.getValue());
					}
				}
			}
			catch (InvalidNameException ex) {
				throw new DcapVerificationException(Reason.PCK_EXTENSION_INVALID,
						"PCK certificate issuer '" + issuer + "' is not a valid distinguished name", ex);
			}
			throw new DcapVerificationException(Reason.PCK_EXTENSION_INVALID,
					"PCK certificate issuer '" + issuer + "' has no common name");
		}

	}

}
