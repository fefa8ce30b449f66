#include "source/pmg_panel.h"

#include "imgui_qt/imgui_layout.h"
#include "imgui_qt/imgui_rows.h"
#include "pmg/config/pmg_fields.h"
#include "source/pmg_objects_panel.h"

#include <imgui.h>

#include <string>
#include <vector>

namespace pmg::gui {

namespace {

/// Sampling weights of the transform set; 0 removes a transform (one always stays).
bool drawTransformWeights(PmgConfig& c, const PmgPreview& preview, ImGuiLayout& layout) {
  bool changed = false;
  for (auto k : allTransforms()) {
    double w = 0.0;
    for (const auto& t : c.transforms)
      if (t.kind == k) w = t.weight;
    float fw = float(w);
    const bool edited = ImGui::SliderFloat(transformName(k).c_str(), &fw, 0.0f, 4.0f, "%.2f");
    layout.recordItem("weight " + transformName(k));
    if (edited) {
      std::vector<WeightedTransform> next;
      for (auto kk : allTransforms()) {
        double ww = 0.0;
        for (const auto& t : c.transforms)
          if (t.kind == kk) ww = t.weight;
        if (kk == k) ww = fw;
        if (ww > 0) next.push_back({kk, ww});
      }
      if (!next.empty()) {
        c.transforms = next;
        changed = true;
      }
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Sampling weight of %s (paper Sec. 3.2); 0 removes it",
                        transformName(k).c_str());
  }
  ImGui::TextDisabled("Clip uses: %s", transformName(preview.clip().program.kind).c_str());
  return changed;
}

/// The paper's parameters (Appendix D), one row per field of the table.
bool drawPaperParams(PmgParams& params) {
  const PmgParams d;
  bool changed = false;
  for (const auto& f : pmgParamFields())  // bounds and help from pmg/config/pmg_fields.h
    changed |= f.range ? rangeRow(f.label, params.*f.range, d.*f.range, f.ui_lo, f.ui_hi, f.help)
                       : valueRow(f.label, params.*f.value, d.*f.value, f.ui_lo, f.ui_hi, f.help);
  return changed;
}

/// Recursion mode, exact-flow overlay, frames and size.
bool drawClipShape(PmgConfig& c, PmgPreview& preview) {
  bool changed = false;
  int mode = c.mode == RecursionMode::Recursive ? 0 : 1;
  if (ImGui::Combo("mode", &mode, "recursive (paper)\0composed (sharper)\0")) {
    c.mode = mode == 0 ? RecursionMode::Recursive : RecursionMode::Composed;
    changed = true;
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "recursive: warp the previous frame (paper, Eq. 1); composed: warp the source with the "
        "composed transform");
  if (ImGui::Checkbox("show exact flow", &preview.show_flow)) changed = true;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Colour-wheel flow from each frame to the next, computed from the motion program "
        "(hue: direction, saturation: speed); dark: occluded or leaving the frame. Mixed "
        "clips show the main clip's flow");
  for (const char* key : {"frames", "size"}) {
    const auto& f = pmgTopField(key);
    changed |= ImGui::SliderInt(f.label, key == std::string("frames") ? &c.frames : &c.size,
                                int(f.ui_lo), int(f.ui_hi));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.help);
  }
  return changed;
}

/// Batch mix (none / mixup / VideoMix), alpha and the partner clip.
bool drawMixing(PmgConfig& c, const PmgPreview& preview) {
  bool changed = false;
  int mix = int(c.batch_mix);
  if (ImGui::Combo("batch mix", &mix, "none\0mixup\0VideoMix\0")) {
    c.batch_mix = BatchMix(mix);
    changed = true;
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "mixup: blend the whole clip with a partner clip, lambda ~ Beta(alpha, alpha); "
        "VideoMix: paste a spatio-temporal box of the partner (volume 1 - lambda)");
  const auto& alpha = pmgTopField("mix_alpha");
  changed |= valueRow(alpha.label, c.mix_alpha, PmgConfig().mix_alpha, alpha.ui_lo, alpha.ui_hi,
                      alpha.help);
  if (c.batch_mix != BatchMix::None) {
    if (preview.secondSourceLabel().empty())
      ImGui::TextDisabled("partner: none (Source panel: 'Use as mix partner')");
    else
      ImGui::Text("partner: %s   lambda %.2f", preview.secondSourceLabel().c_str(),
                  preview.mixLambda());
  }
  return changed;
}

/// Pin the current clip as A and compare later edits beside it.
bool drawCompare(PmgPreview& preview) {
  bool changed = false;
  if (ImGui::Button("Pin current as A")) {
    preview.pinCompare();
    changed = true;  // redisplay side by side
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Keep this clip; later edits play beside it (A left, current right)");
  if (preview.comparing()) {
    ImGui::SameLine();
    if (ImGui::Button("Clear")) {
      preview.clearCompare();
      changed = true;
    }
    ImGui::SameLine();
    ImGui::TextDisabled("A: %s", preview.compareLabel().c_str());
  }
  return changed;
}

/// Seed field and reroll button.
bool drawSeed(PmgPreview& preview) {
  bool changed = false;
  int seed = int(preview.seed());
  bool reseed = ImGui::InputInt("seed", &seed);
  ImGui::SameLine();
  if (ImGui::Button("reroll")) {
    preview.reroll();
    reseed = false;
    changed = true;
  }
  if (reseed && seed >= 0) {
    preview.setSeed(uint64_t(seed));
    changed = true;
  }
  return changed;
}

/// Motion statistics of the clip shown and the time it took to make.
void drawClipStats(const PmgPreview& preview) {
  const auto& s = preview.clip().stats;
  ImGui::Separator();
  ImGui::Text("mean frame difference %.2f   patch displacement %.2f px/frame",
              s.mean_frame_difference, s.mean_patch_displacement);
  ImGui::Text("displacement mean %.2f / max %.2f px   occluded %.1f%%   trackable %.0f%%",
              s.mean_displacement, s.max_displacement, 100.0 * s.occluded_fraction,
              100.0 * s.trackable_fraction);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "From the exact motion field: |flow| of visible pixels; pixels hidden or gone at the next "
        "frame; 16 px patch centres of frame 0 still visible at the last frame");
  ImGui::Text("regenerated in %.1f ms", preview.lastGenerateMs());
  std::vector<float> diff(s.frame_difference.begin(), s.frame_difference.end());
  if (!diff.empty())
    ImGui::PlotLines("frame diff", diff.data(), int(diff.size()), 0, nullptr, 0.0f, FLT_MAX,
                     ImVec2(0, 60));
  std::vector<float> disp(s.patch_displacement.begin(), s.patch_displacement.end());
  if (!disp.empty())
    ImGui::PlotLines("displacement", disp.data(), int(disp.size()), 0, nullptr, 0.0f, FLT_MAX,
                     ImVec2(0, 60));
}

}  // namespace

bool drawPmgPanel(PmgPreview& preview, ImGuiLayout& layout) {
  PmgConfig c = preview.config();
  bool changed = false;
  layout.begin("PMG", 0.5f, 0.0f, 0.5f, 0.62f);
  setRowLayout(&layout);
  ImGui::PushItemWidth(ImGui::GetWindowWidth() * 0.55f);  // room for the labels
  if (ImGui::CollapsingHeader("Transform set (weights)", ImGuiTreeNodeFlags_DefaultOpen))
    changed |= drawTransformWeights(c, preview, layout);
  bool has_objects = false, has_paper = false;
  for (const auto& t : c.transforms)
    (t.kind == TransformKind::Objects ? has_objects : has_paper) = true;
  if (ImGui::CollapsingHeader("Objects (object-level motion)",
                              has_objects ? ImGuiTreeNodeFlags_DefaultOpen : 0))
    changed |= drawObjectParams(c.params.objects);
  if (ImGui::CollapsingHeader("Parameters (Appendix D)",
                              has_paper ? ImGuiTreeNodeFlags_DefaultOpen : 0))
    changed |= drawPaperParams(c.params);
  if (ImGui::CollapsingHeader("Clip", ImGuiTreeNodeFlags_DefaultOpen))
    changed |= drawClipShape(c, preview);
  if (ImGui::CollapsingHeader("Mixing (paper Table 4)", ImGuiTreeNodeFlags_DefaultOpen))
    changed |= drawMixing(c, preview);
  if (ImGui::CollapsingHeader("Compare")) changed |= drawCompare(preview);
  changed |= drawSeed(preview);
  if (changed) {
    try {
      preview.setConfig(c);
    } catch (const std::exception& e) {
      ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", e.what());
    }
  }
  drawClipStats(preview);
  ImGui::PopItemWidth();
  ImGui::End();
  return changed;
}

}  // namespace pmg::gui
