package com.teesql.jdbc.attestation.dcap;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.Principal;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

/**
 * A JDK-parsed certificate as the JDK's PKIX validator sees it, with one difference: its signature is checked by
 * {@link EcdsaP256} (BouncyCastle's lightweight ECDSA) instead of SunEC. Everything else (names, validity, basic
 * constraints, key usage, extensions, critical extensions) is the parsed certificate's own, so PKIX applies all its
 * other checks unchanged; the signature check is not skipped, only made by the faster implementation. Like the
 * JDK's own certificate object, it remembers the key its signature verified with, so path building and PKIX, which
 * both check it, pay for one verification.
 */
final class EcdsaVerifiedCertificate extends X509Certificate {

	private static final long serialVersionUID = 1L;

	private final transient X509Certificate certificate;

	private transient volatile PublicKey verifiedKey;

	EcdsaVerifiedCertificate(X509Certificate certificate) {
		this.certificate = certificate;
	}

	/**
	 * Whether this certificate's signature verifies with {@code issuerKey}.
	 * @param issuerKey the candidate issuer's key
	 * @return whether it does
	 */
	boolean isSignedBy(PublicKey issuerKey) {
		if (issuerKey.equals(this.verifiedKey)) {
			return true;
		}
		if (!EcdsaP256.verifyCertificate(this.certificate, issuerKey)) {
			return false;
		}
		this.verifiedKey = issuerKey;
		return true;
	}

	@Override
	public void verify(PublicKey key) throws SignatureException, InvalidKeyException {
		if (!isSignedBy(key)) {
			throw new SignatureException("ECDSA P-256 signature of '" + getSubjectX500Principal()
					+ "' does not verify with the issuer's key");
		}
	}

	@Override
	public void verify(PublicKey key, String sigProvider) throws SignatureException, InvalidKeyException {
		verify(key);
	}

	@Override
	public void verify(PublicKey key, Provider sigProvider) throws SignatureException, InvalidKeyException {
		verify(key);
	}

	@Override
	public void checkValidity() throws CertificateExpiredException, CertificateNotYetValidException {
		this.certificate.checkValidity();
	}

	@Override
	public void checkValidity(Date date) throws CertificateExpiredException, CertificateNotYetValidException {
		this.certificate.checkValidity(date);
	}

	@Override
	public int getVersion() {
		return this.certificate.getVersion();
	}

	@Override
	public BigInteger getSerialNumber() {
		return this.certificate.getSerialNumber();
	}

	@Override
	@SuppressWarnings("deprecation")
	public Principal getIssuerDN() {
		return this.certificate.getIssuerDN();
	}

	@Override
	@SuppressWarnings("deprecation")
	public Principal getSubjectDN() {
		return this.certificate.getSubjectDN();
	}

	@Override
	public X500Principal getIssuerX500Principal() {
		return this.certificate.getIssuerX500Principal();
	}

	@Override
	public X500Principal getSubjectX500Principal() {
		return this.certificate.getSubjectX500Principal();
	}

	@Override
	public Date getNotBefore() {
		return this.certificate.getNotBefore();
	}

	@Override
	public Date getNotAfter() {
		return this.certificate.getNotAfter();
	}

	@Override
	public byte[] getTBSCertificate() throws CertificateEncodingException {
		return this.certificate.getTBSCertificate();
	}

	@Override
	public byte[] getSignature() {
		return this.certificate.getSignature();
	}

	@Override
	public String getSigAlgName() {
		return this.certificate.getSigAlgName();
	}

	@Override
	public String getSigAlgOID() {
		return this.certificate.getSigAlgOID();
	}

	@Override
	public byte[] getSigAlgParams() {
		return this.certificate.getSigAlgParams();
	}

	@Override
	public boolean[] getIssuerUniqueID() {
		return this.certificate.getIssuerUniqueID();
	}

	@Override
	public boolean[] getSubjectUniqueID() {
		return this.certificate.getSubjectUniqueID();
	}

	@Override
	public boolean[] getKeyUsage() {
		return this.certificate.getKeyUsage();
	}

	@Override
	public List<String> getExtendedKeyUsage() throws CertificateParsingException {
		return this.certificate.getExtendedKeyUsage();
	}

	@Override
	public int getBasicConstraints() {
		return this.certificate.getBasicConstraints();
	}

	@Override
	public Collection<List<?>> getSubjectAlternativeNames() throws CertificateParsingException {
		return this.certificate.getSubjectAlternativeNames();
	}

	@Override
	public Collection<List<?>> getIssuerAlternativeNames() throws CertificateParsingException {
		return this.certificate.getIssuerAlternativeNames();
	}

	@Override
	public byte[] getEncoded() throws CertificateEncodingException {
		return this.certificate.getEncoded();
	}

	@Override
	public PublicKey getPublicKey() {
		return this.certificate.getPublicKey();
	}

	@Override
	public boolean hasUnsupportedCriticalExtension() {
		return this.certificate.hasUnsupportedCriticalExtension();
	}

	@Override
	public Set<String> getCriticalExtensionOIDs() {
		return this.certificate.getCriticalExtensionOIDs();
	}

	@Override
	public Set<String> getNonCriticalExtensionOIDs() {
		return this.certificate.getNonCriticalExtensionOIDs();
	}

	@Override
	public byte[] getExtensionValue(String oid) {
		return this.certificate.getExtensionValue(oid);
	}

	@Override
	public String toString() {
		return this.certificate.toString();
	}

}
