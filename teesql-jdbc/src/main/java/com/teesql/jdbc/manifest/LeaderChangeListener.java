package com.teesql.jdbc.manifest;

/**
 * Told by a {@link ManifestWatcher} when a refresh found a manifest naming another leader (a different
 * {@code leader_url} or epoch), for example to rebuild connection targets or evict pooled connections.
 */
@FunctionalInterface
public interface LeaderChangeListener {

	/**
	 * Called on the refreshing thread, after the new manifest became {@link ManifestWatcher#current()}.
	 * Exceptions are logged and otherwise ignored.
	 * @param previous the manifest that was current before
	 * @param current the new manifest
	 */
	void leaderChanged(LeaderManifest previous, LeaderManifest current);

}
