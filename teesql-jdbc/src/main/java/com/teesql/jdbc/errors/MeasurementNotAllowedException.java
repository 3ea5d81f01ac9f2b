package com.teesql.jdbc.errors;

/**
 * A measurement other than MRTD (RTMR0–3, compose-hash, app-id) is not in its configured allowlist.
 */
public class MeasurementNotAllowedException extends AttestationException {

	private static final long serialVersionUID = 1L;

	private final String measurement;

	private final String value;

	/**
	 * Create the exception.
	 * @param measurement the measurement name, for example {@code RTMR3} or {@code compose-hash}
	 * @param value the refused value as lowercase hex
	 * @param property the property that holds the allowlist
	 */
	public MeasurementNotAllowedException(String measurement, String value, String property) {
		super(measurement + " \"" + value + "\" is not in the allowlist. Update " + property
				+ " if you intentionally deployed a new version.");
		this.measurement = measurement;
		this.value = value;
	}

	public String measurement() {
		return this.measurement;
	}

	public String value() {
		return this.value;
	}

}
