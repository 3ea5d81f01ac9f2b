package com.teesql.jdbc.errors;

import java.util.Collection;
import java.util.List;

/**
 * The platform's TCB status is not in {@code teesql.attestation.acceptable-tcb-statuses}.
 */
public class TcbStatusNotAcceptedException extends AttestationException {

	private static final long serialVersionUID = 1L;

	private final String status;

	private final List<String> advisoryIds;

	public TcbStatusNotAcceptedException(String status, Collection<String> acceptable, List<String> advisoryIds) {
		super("Unacceptable TCB status: \"" + status + "\". Acceptable statuses: " + String.join(", ", acceptable)
				+ ". Update the platform firmware/microcode or check Intel's advisory."
				+ (advisoryIds.isEmpty() ? "" : " Advisories: " + String.join(", ", advisoryIds) + "."));
		this.status = status;
		this.advisoryIds = List.copyOf(advisoryIds);
	}

	/**
	 * The refused status as Intel names it.
	 * @return the status
	 */
	public String status() {
		return this.status;
	}

	/**
	 * The Intel security advisories that apply to the platform.
	 * @return advisory ids
	 */
	public List<String> advisoryIds() {
		return this.advisoryIds;
	}

}
