// Placeholder until the CLI lands: the main job.
console.log('cxkit: the main job is being built.');
