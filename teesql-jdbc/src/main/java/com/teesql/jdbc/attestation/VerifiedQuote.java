package com.teesql.jdbc.attestation;

/**
 * The outcome of a quote verification.
 *
 * @param tcbStatus the platform TCB status, for example {@code UpToDate}, or {@code Unverified}
 * @param verifierName the verifier that produced it
 */
public record VerifiedQuote(String tcbStatus, String verifierName) {

}
