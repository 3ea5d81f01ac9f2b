package com.teesql.jdbc.errors;

/**
 * The attestation comes from a platform whose evidence teesql-jdbc does not verify (AWS Nitro Enclave, AWS
 * NitroTPM, AMD SEV-SNP); the message names the platform.
 */
public class UnsupportedPlatformException extends UnsupportedAttestationFormatException {

	private static final long serialVersionUID = 1L;

	public UnsupportedPlatformException(String message) {
		super(message);
	}

}
