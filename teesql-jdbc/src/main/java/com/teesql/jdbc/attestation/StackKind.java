package com.teesql.jdbc.attestation;

/**
 * The software stack evidence of a dstack V1 attestation ({@code stack.kind}); a V0 envelope is always
 * {@link #DSTACK}.
 */
public enum StackKind {

	/** {@code dstack}: report_data, runtime events, config. */
	DSTACK("dstack"),

	/**
	 * {@code dstack-pod}: the same plus {@code report_data_payload}, an application payload whose
	 * {@code SHA-512("app-data:" ‖ payload)} dstack requires to be the report data.
	 */
	DSTACK_POD("dstack-pod");

	private final String kind;

	StackKind(String kind) {
		this.kind = kind;
	}

	/**
	 * The {@code stack.kind} string.
	 * @return {@code dstack} or {@code dstack-pod}
	 */
	public String kind() {
		return this.kind;
	}

	static StackKind ofKind(String kind) {
		for (StackKind stack : values()) {
			if (stack.kind.equals(kind)) {
				return stack;
			}
		}
		return null;
	}

}
