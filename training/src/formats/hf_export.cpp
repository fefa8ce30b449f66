#include "pmg/training/formats/hf_export.h"
#include "pmg/base/durable_file.h"

#include "pmg/runs/run_guard.h"

#include "pmg/config/config_keys.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>

#include "pmg/media/clip_writer.h"
#include "pmg/training/formats/checkpoint.h"
#include "pmg/training/formats/run_export.h"
#include "pmg/training/formats/safetensors.h"

namespace pmg::training {

namespace {

/// Maps one block's parameter suffix ("attn.proj.weight") to HF's, appending to out.
void mapBlock(const std::string& prefix, const std::string& rest, const torch::Tensor& t,
              std::vector<std::pair<std::string, torch::Tensor>>& out) {
  if (rest == "attn.qkv.weight") {
    const auto d = t.size(1);
    out.emplace_back(prefix + "attention.attention.query.weight", t.narrow(0, 0, d));
    out.emplace_back(prefix + "attention.attention.key.weight", t.narrow(0, d, d));
    out.emplace_back(prefix + "attention.attention.value.weight", t.narrow(0, 2 * d, d));
    return;
  }
  static const std::vector<std::pair<std::string, std::string>> names = {
      {"attn.q_bias", "attention.attention.q_bias"},
      {"attn.v_bias", "attention.attention.v_bias"},
      {"attn.proj.", "attention.output.dense."},
      {"norm1.", "layernorm_before."},
      {"norm2.", "layernorm_after."},
      {"fc1.", "intermediate.dense."},
      {"fc2.", "output.dense."}};
  for (const auto& [ours, hf] : names) {
    if (rest.rfind(ours, 0) == 0) {
      out.emplace_back(prefix + hf + rest.substr(ours.size()), t);
      return;
    }
  }
  throw std::runtime_error("HF export: no mapping for block parameter " + rest);
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& huggingFaceConfigNames() {
  static const std::vector<std::pair<std::string, std::string>> names = {
      {"image_size", "image_size"},
      {"patch", "patch_size"},
      {"frames", "num_frames"},
      {"tubelet", "tubelet_size"},
      {"encoder_dim", "hidden_size"},
      {"encoder_depth", "num_hidden_layers"},
      {"encoder_heads", "num_attention_heads"},
      {"decoder_dim", "decoder_hidden_size"},
      {"decoder_depth", "decoder_num_hidden_layers"},
      {"decoder_heads", "decoder_num_attention_heads"}};
  return names;
}

std::vector<std::pair<std::string, torch::Tensor>> huggingFaceStateDict(VideoMae& model) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  const std::regex block(R"((encoder|decoder)_blocks\.(\d+)\.(.*))");
  for (const auto& p : model->named_parameters()) {
    const std::string& k = p.key();
    std::smatch m;
    if (std::regex_match(k, m, block)) {
      const std::string prefix = m[1] == "encoder" ? "videomae.encoder.layer." + m[2].str() + "."
                                                   : "decoder.decoder_layers." + m[2].str() + ".";
      mapBlock(prefix, m[3], p.value(), out);
    } else if (k.rfind("patch_embed.", 0) == 0) {
      out.emplace_back("videomae.embeddings.patch_embeddings.projection." + k.substr(12),
                       p.value());
    } else if (k.rfind("encoder_norm.", 0) == 0) {
      out.emplace_back("videomae.layernorm." + k.substr(13), p.value());
    } else if (k.rfind("decoder_norm.", 0) == 0) {
      out.emplace_back("decoder.norm." + k.substr(13), p.value());
    } else if (k.rfind("head.", 0) == 0) {
      out.emplace_back("decoder." + k, p.value());
    } else if (k == "mask_token" || k.rfind("encoder_to_decoder.", 0) == 0) {
      out.emplace_back(k, p.value());
    } else {
      throw std::runtime_error("HF export: no mapping for parameter " + k);
    }
  }
  return out;
}

VideoMae loadRunModel(const std::string& run_dir, const std::string& checkpoint) {
  const std::string config_path = run_dir + "/config.json";
  std::ifstream f(config_path);
  if (!f) throw std::runtime_error("not a run directory: cannot read " + config_path);
  const auto config = nlohmann::json::parse(f);
  VideoMae model(videoMaeConfigFromJson(config.at("model")));
  const std::string path =
      checkpoint.empty() ? latestCheckpoint(run_dir + "/checkpoints") : checkpoint;
  if (path.empty()) throw std::runtime_error("no checkpoint in " + run_dir + "/checkpoints");
  loadWeights(*model, path);
  return model;
}

namespace {

/// config.json fields shared by the pre-training and classification exports.
nlohmann::json baseConfig(const VideoMaeConfig& c) {
  nlohmann::json j = {{"model_type", "videomae"},
                      {"num_channels", c.channels},
                      {"intermediate_size", int(c.encoder_dim * c.mlp_ratio)},
                      {"hidden_act", "gelu"},
                      {"hidden_dropout_prob", 0.0},
                      {"attention_probs_dropout_prob", 0.0},
                      {"initializer_range", 0.02},
                      {"layer_norm_eps", 1e-6},
                      {"qkv_bias", true},
                      {"decoder_intermediate_size", int(c.decoder_dim * c.mlp_ratio)},
                      {"norm_pix_loss", c.norm_pixel_targets}};
  for (const auto& [ours, hf] : huggingFaceConfigNames()) j[hf] = modelField(ours).toJson(c);
  return j;
}

void writePreprocessorConfig(const VideoMaeConfig& c, const std::string& dir) {
  const nlohmann::json pre = {{"image_processor_type", "VideoMAEImageProcessor"},
                              {"do_resize", true},
                              {"size", {{"shortest_edge", c.image_size}}},
                              {"do_center_crop", true},
                              {"crop_size", {{"height", c.image_size}, {"width", c.image_size}}},
                              {"do_rescale", true},
                              {"rescale_factor", 1.0 / 255.0},
                              {"do_normalize", true},
                              {"image_mean", {0.485, 0.456, 0.406}},
                              {"image_std", {0.229, 0.224, 0.225}}};
  writeFileDurable(dir + "/preprocessor_config.json", pre.dump(2));
}

}  // namespace

void exportHuggingFace(VideoMae& model, const std::string& dir) {
  std::filesystem::create_directories(dir);
  writeSafetensors(dir + "/model.safetensors", huggingFaceStateDict(model));
  nlohmann::json config = baseConfig(model->config);
  config["architectures"] = {"VideoMAEForPreTraining"};
  config["use_mean_pooling"] = false;  // keeps videomae.layernorm
  writeFileDurable(dir + "/config.json", config.dump(2));
  writePreprocessorConfig(model->config, dir);
}

std::vector<std::pair<std::string, torch::Tensor>> huggingFaceClassifierStateDict(
    VideoMae& encoder, const ClassifierHead& head) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (auto& [key, tensor] : huggingFaceStateDict(encoder)) {
    // Encoder only; with mean pooling HF builds no videomae.layernorm (fc_norm instead).
    if (key.rfind("videomae.", 0) == 0 && key.rfind("videomae.layernorm.", 0) != 0)
      out.emplace_back(key, tensor);
  }
  out.emplace_back("fc_norm.weight", head.fc_norm_weight);
  out.emplace_back("fc_norm.bias", head.fc_norm_bias);
  out.emplace_back("classifier.weight", head.weight);
  out.emplace_back("classifier.bias", head.bias);
  return out;
}

ClassifierHead freshClassifierHead(int dim, int labels) {
  ClassifierHead h;
  h.fc_norm_weight = torch::ones({dim});
  h.fc_norm_bias = torch::zeros({dim});
  h.weight =
      torch::randn({labels, dim}).mul_(0.02 * 0.001);  // VideoMAE: trunc_normal(0.02) x 0.001
  h.bias = torch::zeros({labels});
  return h;
}

void exportHuggingFaceClassifier(VideoMae& encoder, const ClassifierHead& head,
                                 const std::vector<std::string>& labels, const std::string& dir) {
  if (head.weight.size(0) != int64_t(labels.size()))
    throw std::invalid_argument("classifier has " + std::to_string(head.weight.size(0)) +
                                " outputs but " + std::to_string(labels.size()) + " labels");
  std::filesystem::create_directories(dir);
  writeSafetensors(dir + "/model.safetensors", huggingFaceClassifierStateDict(encoder, head));
  nlohmann::json config = baseConfig(encoder->config);
  config["architectures"] = {"VideoMAEForVideoClassification"};
  config["use_mean_pooling"] = true;
  nlohmann::json id2label = nlohmann::json::object(), label2id = nlohmann::json::object();
  for (size_t i = 0; i < labels.size(); ++i) {
    id2label[std::to_string(i)] = labels[i];
    label2id[labels[i]] = i;
  }
  config["id2label"] = id2label;
  config["label2id"] = label2id;
  writeFileDurable(dir + "/config.json", config.dump(2));
  writePreprocessorConfig(encoder->config, dir);
}

}  // namespace pmg::training

namespace pmg::training {

void exportRunToHuggingFace(const std::string& run_dir, const std::string& checkpoint,
                            const std::string& out_dir, int classifier_labels) {
  auto model = loadRunModel(run_dir, checkpoint);
  if (classifier_labels <= 0) return exportHuggingFace(model, out_dir);
  std::vector<std::string> labels;
  for (int i = 0; i < classifier_labels; ++i) labels.push_back("LABEL_" + std::to_string(i));
  torch::manual_seed(0);
  exportHuggingFaceClassifier(
      model, freshClassifierHead(model->config.encoder_dim, classifier_labels), labels, out_dir);
}

}  // namespace pmg::training

namespace pmg::training {

namespace {

/// Refuses config.json settings the model cannot honour (named, with what it supports).
void requireSupportedHfConfig(const nlohmann::json& j, const std::string& where) {
  if (j.contains("model_type") && j["model_type"] != "videomae")
    throw std::runtime_error(where + ": model_type " + j["model_type"].dump() +
                             " is not a VideoMAE model (expected \"videomae\")");
  if (j.contains("architectures")) {
    const auto& a = j["architectures"];
    const bool pretraining = a.is_array() && std::any_of(a.begin(), a.end(), [](const auto& x) {
                               return x == "VideoMAEForPreTraining";
                             });
    if (!pretraining)
      throw std::runtime_error(where + ": architectures " + a.dump() +
                               " has no VideoMAEForPreTraining (import-hf reads pre-trained "
                               "encoder + decoder folders; a classifier has no decoder)");
  }
  if (j.contains("hidden_act") && j["hidden_act"] != "gelu")
    throw std::runtime_error(where + ": hidden_act " + j["hidden_act"].dump() +
                             " is not supported (the model uses gelu)");
  if (j.contains("qkv_bias") && j["qkv_bias"] != true)
    throw std::runtime_error(where + ": qkv_bias " + j["qkv_bias"].dump() +
                             " is not supported (the model's attention has q and v biases)");
  if (j.contains("use_mean_pooling") && !j["use_mean_pooling"].is_boolean())
    throw std::runtime_error(where + ": use_mean_pooling must be true or false");
}

}  // namespace

VideoMae importHuggingFace(const std::string& dir, bool allow_extra) {
  requireRegularFile(dir + "/config.json", "HF config");
  requireRegularFile(dir + "/model.safetensors", "HF weights");
  std::ifstream f(dir + "/config.json");
  if (!f)
    throw std::runtime_error("not a Hugging Face model folder: cannot read " + dir +
                             "/config.json");
  const auto j = nlohmann::json::parse(f, nullptr, false);
  if (!j.is_object()) throw std::runtime_error(dir + "/config.json is not a JSON object");
  // Every size is checked (named by its config.json key, with its allowed range) before
  // anything is allocated.
  const std::string where = dir + "/config.json";
  requireSupportedHfConfig(j, where);
  const auto size = [&](const std::string& key, int fallback, double lo, double hi) {
    try {
      return int(integerInRange(j, key, fallback, (long long)lo, (long long)hi, where));
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(e.what());
    }
  };
  VideoMaeConfig c;
  c.channels = size("num_channels", c.channels, 3, 3);
  // Each size under its HF name, with the bounds of our model table (pmg/config/videomae_config.h).
  for (const auto& [ours, hf] : huggingFaceConfigNames()) {
    const ModelField& f = modelField(ours);
    int& value = c.*std::get<int VideoMaeConfig::*>(f.member);  // every mapped size is an int
    value = size(hf, value, f.lo, f.hi);
  }
  c.mlp_ratio =
      double(size("intermediate_size", int(c.encoder_dim * c.mlp_ratio), 1, 16 * c.encoder_dim)) /
      c.encoder_dim;
  if (j.contains("norm_pix_loss") && !j["norm_pix_loss"].is_boolean())
    throw std::runtime_error(where + ".norm_pix_loss must be true or false");
  c.norm_pixel_targets = j.value("norm_pix_loss", c.norm_pixel_targets);
  try {
    validate(c);  // divisibility: heads | hidden size, tubelet | frames, patch | image size
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(where + ": " + e.what());
  }
  VideoMae model(c);
  const auto tensors = readSafetensors(dir + "/model.safetensors");
  std::set<std::string> used;
  auto get = [&](const std::string& key) -> const torch::Tensor& {
    auto it = tensors.find(key);
    used.insert(key);
    if (it == tensors.end()) throw std::runtime_error(dir + "/model.safetensors: missing " + key);
    if (!torch::isfinite(it->second).all().item<bool>())
      throw std::runtime_error(dir + "/model.safetensors: tensor " + key +
                               " has NaN or infinite values");
    return it->second;
  };
  // Our name -> HF tensor, using the export mapping; qkv is rebuilt from query/key/value.
  std::map<std::string, torch::Tensor> ours;
  for (const auto& [hf, t] : huggingFaceStateDict(model)) ours.emplace(hf, t);
  torch::NoGradGuard no_grad;
  for (auto& p : model->named_parameters()) {
    const std::string& k = p.key();
    const auto dot = k.rfind(".attn.qkv.weight");
    torch::Tensor source;
    if (dot != std::string::npos) {
      const std::string block = k.substr(0, dot);  // encoder_blocks.3 / decoder_blocks.1
      const bool enc = block.rfind("encoder_blocks.", 0) == 0;
      const std::string prefix = (enc ? "videomae.encoder.layer." : "decoder.decoder_layers.") +
                                 block.substr(block.find('.') + 1) + ".attention.attention.";
      source = torch::cat(
          {get(prefix + "query.weight"), get(prefix + "key.weight"), get(prefix + "value.weight")});
    } else {
      // Find the HF name the export gives this parameter (same storage).
      std::string hf;
      for (const auto& [name, t] : ours)
        if (t.data_ptr() == p.value().data_ptr() && t.sizes() == p.value().sizes()) hf = name;
      if (hf.empty()) throw std::runtime_error("HF import: no mapping for " + k);
      source = get(hf);
    }
    if (source.sizes() != p.value().sizes())
      throw std::runtime_error("HF import: " + k + " has shape " + c10::str(source.sizes()) +
                               ", expected " + c10::str(p.value().sizes()));
    p.value().copy_(source.to(p.value().dtype()));
  }
  std::vector<std::string> extra;
  for (const auto& [key, t] : tensors)
    if (!used.count(key)) extra.push_back(key);
  if (!extra.empty()) {
    std::string names;
    for (size_t i = 0; i < extra.size() && i < 5; ++i) names += (i ? ", " : "") + extra[i];
    if (extra.size() > 5) names += ", ...";
    const std::string what = dir + "/model.safetensors has " + std::to_string(extra.size()) +
                             " tensor(s) the model does not use: " + names;
    if (!allow_extra)
      throw std::runtime_error(what + " (add --allow-extra to import without them)");
    std::cerr << "import-hf: warning: " << what << "; left out (--allow-extra)\n";
  }
  return model;
}

}  // namespace pmg::training

namespace pmg::training {

void importHuggingFaceToRun(const std::string& hf_dir, const std::string& run_dir,
                            bool allow_extra) {
  // Never mixed into an existing run: its config and checkpoints stay as they are.
  refuseRunDir(run_dir, "import-hf", "choose a new --out (nothing was changed)");
  VideoMae model = importHuggingFace(hf_dir, allow_extra);
  const RunLock lock(run_dir, "pmg import-hf");
  refuseRunDir(run_dir, "import-hf", "choose a new --out (nothing was changed)");
  std::filesystem::create_directories(run_dir + "/checkpoints");
  writeFileDurable(
      run_dir + "/config.json",
      nlohmann::json{{"model", toJson(model->config)}, {"imported_from", hf_dir}}.dump(2));
  TrainerState state;
  state.info = {{"imported_from", hf_dir}};
  saveCheckpoint(*model, nullptr, nullptr, state, run_dir + "/checkpoints");
}

}  // namespace pmg::training
