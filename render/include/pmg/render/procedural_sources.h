// Image sources made on the fly, for training mixes (paper Table 9): generated shaders
// rendered through EGL, FractalDB fractals and VisualAtom contours.
#pragma once
#include <memory>
#include <string>

#include "pmg/media/image_source.h"

namespace pmg::render {

/// True for "generated@N", "fractaldb@N" and "visualatom@N" (optionally "...@N/SEED").
bool isProceduralSpec(const std::string& spec);

/// Opens a procedural source. generated@N: N shaders of the procedural generator (seeds
/// SEED..SEED+N-1). fractaldb@N / visualatom@N: N categories, images cycle through them
/// (image i is instance i / N of category i % N). Throws naming the spec when malformed.
std::unique_ptr<pmg::ImageSource> openProceduralSource(const std::string& spec,
                                                       int render_size = 256);

}  // namespace pmg::render
