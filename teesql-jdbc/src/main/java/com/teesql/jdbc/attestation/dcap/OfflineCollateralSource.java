package com.teesql.jdbc.attestation.dcap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads collateral from a directory, for air-gapped deployments: one file per platform named {@code <FMSPC>.json}
 * (the FMSPC in either case), in the JSON shape of {@link DcapCollateral#fromJson(String)}. The file must carry the
 * PCK CRL of the platform's CA. Files are read on every call; wrap in a {@link CachingCollateralSource} to avoid
 * that.
 */
public final class OfflineCollateralSource implements CollateralSource {

	/** Collateral files are a few tens of kilobytes; anything far larger is not collateral. */
	static final int MAX_FILE_BYTES = 2 * 1024 * 1024;

	private static final Logger logger = LoggerFactory.getLogger(OfflineCollateralSource.class);

	private final Path directory;

	/**
	 * Read collateral from {@code directory}.
	 * @param directory the directory holding {@code <FMSPC>.json} files
	 */
	public OfflineCollateralSource(Path directory) {
		this.directory = Objects.requireNonNull(directory, "directory");
	}

	/**
	 * The directory collateral is read from.
	 * @return the directory
	 */
	public Path directory() {
		return this.directory;
	}

	@Override
	public DcapCollateral collateral(CollateralKey key) throws CollateralUnavailableException {
		Path file = find(key);
		String json = read(file);
		try {
			DcapCollateral collateral = DcapCollateral.fromJson(json);
			logger.debug("Read DCAP collateral for {} from {}", key, file);
			return collateral;
		}
		catch (DcapVerificationException ex) {
			throw new CollateralUnavailableException("collateral file " + file + " is malformed: " + ex.getMessage(), ex);
		}
	}

	@Override
	public String toString() {
		return "OfflineCollateralSource[" + this.directory + "]";
	}

	private Path find(CollateralKey key) throws CollateralUnavailableException {
		String wanted = key.fmspc() + ".json";
		Path expected = this.directory.resolve(wanted);
		if (!Files.isDirectory(this.directory)) {
			throw new CollateralUnavailableException("collateral directory " + this.directory.toAbsolutePath()
					+ " does not exist; expected " + expected.toAbsolutePath() + " for " + key);
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.directory)) {
			for (Path candidate : files) {
				if (candidate.getFileName().toString().equalsIgnoreCase(wanted) && Files.isRegularFile(candidate)) {
					return candidate;
				}
			}
		}
		catch (IOException ex) {
			throw new CollateralUnavailableException(
					"collateral directory " + this.directory.toAbsolutePath() + " cannot be listed: " + ex, ex);
		}
		throw new CollateralUnavailableException(
				"no collateral file " + expected.toAbsolutePath() + " (name matched case-insensitively) for " + key);
	}

	private static String read(Path file) throws CollateralUnavailableException {
		try (InputStream in = Files.newInputStream(file)) {
			byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
			if (bytes.length > MAX_FILE_BYTES) {
				throw new CollateralUnavailableException(
						"collateral file " + file.toAbsolutePath() + " exceeds " + MAX_FILE_BYTES + " bytes");
			}
			return new String(bytes, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new CollateralUnavailableException("collateral file " + file.toAbsolutePath() + " cannot be read: " + ex,
					ex);
		}
	}

}
