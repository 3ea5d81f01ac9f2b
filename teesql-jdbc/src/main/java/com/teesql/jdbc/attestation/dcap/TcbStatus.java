package com.teesql.jdbc.attestation.dcap;

import java.util.Optional;

/**
 * The seven TCB status values Intel publishes in TCB info and QE identity levels, declared in increasing severity.
 */
public enum TcbStatus {

	UP_TO_DATE("UpToDate"),

	SW_HARDENING_NEEDED("SWHardeningNeeded"),

	CONFIGURATION_NEEDED("ConfigurationNeeded"),

	CONFIGURATION_AND_SW_HARDENING_NEEDED("ConfigurationAndSWHardeningNeeded"),

	OUT_OF_DATE("OutOfDate"),

	OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded"),

	REVOKED("Revoked");

	private final String intelName;

	TcbStatus(String intelName) {
		this.intelName = intelName;
	}

	/**
	 * The spelling Intel uses in collateral JSON, e.g. {@code UpToDate}.
	 * @return the Intel name
	 */
	public String intelName() {
		return this.intelName;
	}

	/**
	 * Rank used when merging statuses; higher is worse.
	 * @return the severity, 0 for {@link #UP_TO_DATE}
	 */
	public int severity() {
		return ordinal();
	}

	/**
	 * Look up a status by its exact Intel spelling.
	 * @param intelName the name as found in collateral
	 * @return the status, or empty if the name is not one of the seven known values
	 */
	public static Optional<TcbStatus> fromIntelName(String intelName) {
		for (TcbStatus status : values()) {
			if (status.intelName.equals(intelName)) {
				return Optional.of(status);
			}
		}
		return Optional.empty();
	}

}
