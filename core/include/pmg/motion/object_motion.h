// Object-level pseudo-motion (the `objects` transform): a dead-leaves canvas of K textured or
// plain shapes, each with its own velocity, acceleration, rotation, scale and shear rates,
// drawn in z-order over a background that may itself move (camera motion). After Yu et al.,
// "Learning Video Representations without Natural Videos" (gen_syn_video.py); the defaults and
// where we depart from that code are in docs/objects.md.
#pragma once
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "pmg/base/rng.h"
#include "pmg/config/object_params.h"

namespace pmg {
inline namespace motion {

class HomographySampler;

/// One object of a clip, fully drawn: where it is and how it deforms at each frame.
struct MovingObject {
  ObjectShape shape = ObjectShape::Circle;
  std::vector<cv::Point2d> outline;           ///< polygon in object coordinates (centred, pixels)
  cv::Point2d start, velocity, acceleration;  ///< px, px/frame, px/frame^2
  double angle = 0, spin = 0;                 ///< radians, radians per frame
  double scale_x_rate = 0, scale_y_rate = 0, shear_x_rate = 0, shear_y_rate = 0;
  int move_from = 0, move_to = 0;  ///< frames in which it moves (frozen before and after)
  bool textured = false;
  cv::Point2d texture_center;  ///< texture: the image around this point moves with the object
  cv::Vec3b color;             ///< plain objects
  /// Object coordinates -> frame pixel coordinates at frame t (2x3 affine as 3x3).
  cv::Matx33d at(int t) const;
};

/// The objects of one clip, back to front, and the frame-wide parts.
struct ObjectScene {
  std::vector<MovingObject> objects;
  ObjectBackground background = ObjectBackground::Source;
  cv::Vec3b background_color;
  std::vector<cv::Point2d> shake;  ///< camera shake offset per frame (px), empty when off
};

/// Draws a scene for a clip of `frames` x `size` from `rng`.
ObjectScene drawObjectScene(const ObjectParams& params, int frames, int size, Rng& rng);

/// The pixels object `o` covers at frame t in a size x size frame: pixel (x, y) is covered
/// when its centre lies inside the (convex) outline. Sets `first_row` and one [x0, x1) span
/// per row from it (empty spans allowed); false when nothing is inside the frame. Painting
/// and the exact field's visibility both use it, so they agree pixel for pixel.
bool objectSpans(const MovingObject& o, int t, int size, int& first_row,
                 std::vector<cv::Vec2i>& spans);

/// Paints the objects of frame t over `frame` (RGB uint8, size x size, the background already
/// there), textures sampled from `textures` (plain colours when null).
void paintObjects(const ObjectScene& scene, int t, const HomographySampler* textures,
                  cv::Mat& frame);

/// The scene's parameters for manifests.
nlohmann::json describe(const ObjectScene& scene);

}  // namespace motion
}  // namespace pmg
