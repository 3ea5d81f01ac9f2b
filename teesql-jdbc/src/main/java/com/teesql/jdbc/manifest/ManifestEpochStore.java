package com.teesql.jdbc.manifest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.teesql.jdbc.text.StrictUtf8;

/**
 * A small file that keeps the epoch high-water marks of {@link ManifestEpochGuard} across restarts, so that a former
 * leader's manifest, still signed and not yet expired, is not accepted again after the application restarts.
 * <p>
 * Format (UTF-8, one mark per line, written by this class; a restored or hand-made file must follow it exactly):
 *
 * <pre>
 * # teesql leader manifest epochs v1
 * 0x&lt;cluster address, 40 lowercase hex&gt;=&lt;highest accepted epoch&gt;
 * # end
 * </pre>
 *
 * A missing file means "no mark yet" (first start; logged at WARN, since it is also what a deleted file looks like).
 * A file that cannot be read, or whose content is not exactly this format (an empty or truncated file included), is
 * an error, never a silent reset. Every update re-reads the file, keeps the highest epoch per cluster, writes a
 * temporary file in the same directory, forces it to disk and moves it over the old one atomically, all under an
 * exclusive lock on {@code <file>.lock}: readers see the old or the new file, never a partial one, and processes
 * sharing the file never lower each other's marks. Thread-safe.
 */
public final class ManifestEpochStore {

	private static final Logger logger = LoggerFactory.getLogger(ManifestEpochStore.class);

	static final String HEADER = "# teesql leader manifest epochs v1";

	static final String TRAILER = "# end";

	private static final Pattern ENTRY = Pattern.compile("(0x[0-9a-f]{40})=(0|[1-9][0-9]{0,18})");

	/** One monitor per file in this JVM: a {@link FileLock} is held per process, not per thread. */
	private static final Map<Path, Object> jvmLocks = new ConcurrentHashMap<>();

	private final Path file;

	private final Path lockFile;

	private final Object monitor;

	private ManifestEpochStore(Path file) {
		this.file = file;
		this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
		this.monitor = jvmLocks.computeIfAbsent(file, (key) -> new Object());
	}

	/**
	 * Open a store and check that its file can be used: it is read now, so that a corrupt or unreadable file stops
	 * the application at startup rather than at the first leader change.
	 * @param file the file (need not exist yet; its directory must)
	 * @return the store
	 * @throws ManifestEpochStoreException naming the path when the file cannot be read or is corrupt, or its directory
	 * does not exist or is not writable
	 */
	public static ManifestEpochStore open(Path file) throws ManifestEpochStoreException {
		Objects.requireNonNull(file, "file");
		Path absolute = file.toAbsolutePath().normalize();
		if (absolute.getFileName() == null) {
			throw new ManifestEpochStoreException("manifest epoch store " + file + " is not a file path");
		}
		Path directory = absolute.getParent();
		if (directory == null || !Files.isDirectory(directory)) {
			throw new ManifestEpochStoreException("manifest epoch store " + absolute + ": directory " + directory
					+ " does not exist");
		}
		if (!Files.isWritable(directory)) {
			throw new ManifestEpochStoreException("manifest epoch store " + absolute + ": directory " + directory
					+ " is not writable");
		}
		ManifestEpochStore store = new ManifestEpochStore(absolute);
		if (!Files.exists(absolute)) {
			logger.warn("No manifest epoch store at {} yet: starting without a persisted epoch high-water mark "
					+ "(first start, or the file was deleted); it is written when a manifest is accepted", absolute);
		}
		store.load();
		return store;
	}

	/**
	 * The recorded marks.
	 * @return cluster address ({@code 0x} + 40 lowercase hex) to highest accepted epoch; empty when the file does not
	 * exist
	 * @throws ManifestEpochStoreException naming the path when the file cannot be read or is corrupt
	 */
	public Map<String, Long> load() throws ManifestEpochStoreException {
		synchronized (this.monitor) {
			return Collections.unmodifiableMap(read());
		}
	}

	/**
	 * Record that {@code epoch} was accepted for {@code cluster}. A mark already recorded (by this or another
	 * process) that is as high or higher is kept, and then nothing is written.
	 * @param cluster the cluster address, {@code 0x} + 40 hex
	 * @param epoch the accepted epoch
	 * @throws ManifestEpochStoreException naming the path when the file cannot be read, is corrupt or cannot be
	 * replaced
	 */
	public void record(String cluster, long epoch) throws ManifestEpochStoreException {
		String key = SignerAddress.normalize("cluster", cluster);
		if (epoch < 0) {
			throw new IllegalArgumentException("epoch must not be negative, got " + epoch);
		}
		synchronized (this.monitor) {
			try (FileChannel lockChannel = FileChannel.open(this.lockFile, StandardOpenOption.CREATE,
					StandardOpenOption.WRITE); FileLock lock = lockChannel.lock()) {
				Map<String, Long> marks = read();
				Long recorded = marks.get(key);
				if (recorded != null && recorded >= epoch) {
					return;
				}
				marks.put(key, epoch);
				write(marks);
			}
			catch (ManifestEpochStoreException ex) {
				throw ex;
			}
			catch (IOException ex) {
				throw new ManifestEpochStoreException("cannot record epoch " + epoch + " for cluster " + key
						+ " in manifest epoch store " + this.file + ": " + describe(ex), ex);
			}
		}
	}

	/**
	 * The file.
	 * @return its absolute path
	 */
	public Path file() {
		return this.file;
	}

	private Map<String, Long> read() throws ManifestEpochStoreException {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(this.file);
		}
		catch (NoSuchFileException ex) {
			return new TreeMap<>();
		}
		catch (IOException ex) {
			throw new ManifestEpochStoreException("manifest epoch store " + this.file + " cannot be read: "
					+ describe(ex), ex);
		}
		return parse(decode(bytes));
	}

	private String decode(byte[] bytes) throws ManifestEpochStoreException {
		try {
			return StrictUtf8.decode(bytes);
		}
		catch (CharacterCodingException ex) {
			throw corrupt("it is not UTF-8 text");
		}
	}

	private Map<String, Long> parse(String text) throws ManifestEpochStoreException {
		if (!text.endsWith("\n")) {
			throw corrupt(text.isEmpty() ? "it is empty" : "it does not end with a line break (truncated?)");
		}
		List<String> lines = text.substring(0, text.length() - 1).lines().toList();
		if (lines.size() < 2 || !lines.get(0).equals(HEADER)) {
			throw corrupt("the first line is not '" + HEADER + "'");
		}
		if (!lines.get(lines.size() - 1).equals(TRAILER)) {
			throw corrupt("the last line is not '" + TRAILER + "' (truncated?)");
		}
		Map<String, Long> marks = new TreeMap<>();
		for (int i = 1; i < lines.size() - 1; i++) {
			Matcher entry = ENTRY.matcher(lines.get(i));
			if (!entry.matches()) {
				throw corrupt("line " + (i + 1) + " is not '0x<40 lowercase hex>=<epoch>': '"
						+ ManifestParser.shorten(lines.get(i)) + "'");
			}
			long epoch;
			try {
				epoch = Long.parseLong(entry.group(2));
			}
			catch (NumberFormatException ex) {
				throw corrupt("line " + (i + 1) + " has an epoch out of range");
			}
			if (marks.put(entry.group(1), epoch) != null) {
				throw corrupt("cluster " + entry.group(1) + " appears twice");
			}
		}
		return marks;
	}

	private ManifestEpochStoreException corrupt(String why) {
		return new ManifestEpochStoreException("manifest epoch store " + this.file + " is corrupt: " + why
				+ "; it is never reset silently");
	}

	private void write(Map<String, Long> marks) throws IOException {
		StringBuilder text = new StringBuilder(HEADER).append('\n');
		marks.forEach((cluster, epoch) -> text.append(cluster).append('=').append(epoch).append('\n'));
		text.append(TRAILER).append('\n');
		Path directory = this.file.getParent();
		Path temporary = Files.createTempFile(directory, "." + this.file.getFileName() + ".", ".tmp");
		try {
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
					StandardOpenOption.TRUNCATE_EXISTING)) {
				ByteBuffer buffer = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				// On disk before the rename, so that a crash leaves the old or the new content, never an empty file.
				channel.force(true);
			}
			try {
				Files.move(temporary, this.file, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (AtomicMoveNotSupportedException ex) {
				throw new IOException("the file system of " + directory + " cannot replace files atomically", ex);
			}
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	private static String describe(IOException ex) {
		return ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
	}

	@Override
	public String toString() {
		return "ManifestEpochStore[" + this.file + "]";
	}

}
