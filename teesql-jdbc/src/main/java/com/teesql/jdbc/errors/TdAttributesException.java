package com.teesql.jdbc.errors;

/**
 * The TD report has an attribute or measurement a production TeeSQL TD must not have (reserved attribute bits,
 * SEPT_VE_DISABLE cleared, a non-zero MRSIGNERSEAM or MRSERVICETD). The message names the field.
 */
public class TdAttributesException extends AttestationException {

	private static final long serialVersionUID = 1L;

	private final String field;

	public TdAttributesException(String field, String message) {
		super(message);
		this.field = field;
	}

	/**
	 * The TD report field that was refused, for example {@code TDATTRIBUTES} or {@code MRSIGNERSEAM}.
	 * @return the field name
	 */
	public String field() {
		return this.field;
	}

}
