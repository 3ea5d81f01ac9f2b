package com.teesql.jdbc.attestation;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.errors.DebugModeException;
import com.teesql.jdbc.errors.MrtdNotAllowedException;

/**
 * What a verified TD must satisfy beyond a valid, key-bound quote: no debug mode unless allowed, and an MRTD from
 * the allowlist when one is configured.
 *
 * @param allowDebugMode accept TDs with the debug attribute (never in production)
 * @param allowedMrtds normalised (lowercase, no {@code 0x}) MRTDs; empty accepts any MRTD
 */
public record AttestationPolicy(boolean allowDebugMode, Set<String> allowedMrtds) {

	private static final Pattern MRTD = Pattern.compile("[0-9a-f]{96}");

	/** Debug mode refused, any MRTD accepted. */
	public static final AttestationPolicy DEFAULT = new AttestationPolicy(false, Set.of());

	public AttestationPolicy {
		Set<String> normalised = new LinkedHashSet<>();
		for (String entry : allowedMrtds) {
			normalised.add(normaliseMrtd(entry));
		}
		allowedMrtds = Set.copyOf(normalised);
	}

	/**
	 * Normalise an MRTD allowlist entry: trim, strip {@code 0x}/{@code 0X}, lowercase, and require 96 hex characters.
	 * @param entry the configured entry
	 * @return the normalised MRTD
	 * @throws IllegalArgumentException naming the entry if it is not 48 bytes of hex
	 */
	public static String normaliseMrtd(String entry) {
		if (entry == null) {
			throw new IllegalArgumentException("teesql.attestation.allowed-mrtd contains a null entry");
		}
		String value = entry.trim();
		if (value.startsWith("0x") || value.startsWith("0X")) {
			value = value.substring(2);
		}
		value = value.toLowerCase(Locale.ROOT);
		if (!MRTD.matcher(value).matches()) {
			throw new IllegalArgumentException("teesql.attestation.allowed-mrtd entry \"" + entry
					+ "\" is not an MRTD: expected 96 hex characters (48 bytes), optionally prefixed with 0x, got "
					+ value.length() + " characters");
		}
		return value;
	}

	/**
	 * Apply the policy to a quote whose signature and binding were already checked.
	 * @param quote the quote
	 * @throws AttestationException ({@link DebugModeException} or {@link MrtdNotAllowedException})
	 */
	public void check(TdxQuote quote) throws AttestationException {
		if (quote.isDebug() && !this.allowDebugMode) {
			throw new DebugModeException();
		}
		if (!this.allowedMrtds.isEmpty()) {
			String mrtd = quote.mrTdHex();
			if (!this.allowedMrtds.contains(mrtd)) {
				throw new MrtdNotAllowedException(mrtd);
			}
		}
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Builder for {@link AttestationPolicy}.
	 */
	public static final class Builder {

		private boolean allowDebugMode;

		private final Set<String> allowedMrtds = new LinkedHashSet<>();

		private Builder() {
		}

		public Builder allowDebugMode(boolean allowDebugMode) {
			this.allowDebugMode = allowDebugMode;
			return this;
		}

		public Builder allowedMrtd(String mrtd) {
			this.allowedMrtds.add(normaliseMrtd(mrtd));
			return this;
		}

		public Builder allowedMrtds(Collection<String> mrtds) {
			mrtds.forEach(this::allowedMrtd);
			return this;
		}

		public AttestationPolicy build() {
			return new AttestationPolicy(this.allowDebugMode, this.allowedMrtds);
		}

	}

}
