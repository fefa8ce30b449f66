// The named random streams that carry the determinism promise: (global seed, stream,
// index) -> the same draws in the GUI, the CLI and training. Each stream's value is fixed
// for ever (changing one changes every clip or mask drawn from it); tests pin them.
#pragma once
#include <cstdint>

namespace pmg {
inline namespace base {

/// One independent stream of draws derived from a run's seed.
enum class Stream : uint64_t {
  SourceLoad = 0x5EEDF00DULL,          ///< which source item a clip loads (clip_generator)
  LoaderItem = 0x10ADE2ULL,            ///< a training sample's source, flip and retries
  BatchMix = 0xB47C4ULL,               ///< mixup / VideoMix pairs and lambdas per batch
  Validation = 0x7A11DA7EULL,          ///< the held-out validation clips
  ValidationMask = 0x7A11DULL,         ///< the validation set's tube mask
  MotionMask = 0x3A5C0DEULL,           ///< motion-guided token masks
  RunningCell = 0xCE11DECULL,          ///< VideoMAE V2 running-cell decoder masks
  MotionDataset = 0x3071011ULL,        ///< the synthetic motion dataset's videos
  FractalCategory = 0xF4AC7A1DBULL,    ///< FractalDB category parameters
  VisualAtomCategory = 0xA70A70ULL,    ///< VisualAtom category parameters
  VisualAtomInstance = 0x1A57A2CEULL,  ///< VisualAtom instances of a category
  Bootstrap = 0xB0075EEDULL,           ///< experiment reports: resampled seeds of each cell
  MotionScene = 0x5CE4E5ULL            ///< the motion dataset's distractors, camera and photos
};

/// The seed of stream `stream` for a run seeded with `seed`.
constexpr uint64_t streamSeed(uint64_t seed, Stream stream) {
  return seed ^ uint64_t(stream);
}

}  // namespace base
}  // namespace pmg
