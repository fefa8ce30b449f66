#include "pmg/training/evaluate/finetune.h"
#include "pmg/base/durable_file.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <opencv2/imgproc.hpp>

#include "data/split_clips.h"
#include "evaluate/classifier.h"
#include "evaluate/label_mixing.h"
#include "pmg/base/rng.h"
#include "pmg/datasets/labeled_videos.h"
#include "pmg/media/clip_writer.h"
#include "pmg/media/image_io.h"
#include "pmg/runs/run_dir.h"
#include "pmg/training/formats/hf_export.h"
#include "pmg/training/model/torch_info.h"
#include "pmg/training/model/videomae.h"
#include "pmg/training/pretrain/trainer.h"
#include "pretrain/foreach_adamw.h"

namespace pmg::training {

namespace {

torch::Tensor toInput(const std::vector<torch::Tensor>& clips) {
  auto video = torch::stack(clips).permute({0, 4, 1, 2, 3}).to(torch::kFloat32).div(255.0);
  return imagenetNormalize(video);
}

/// AdamW (0.9, 0.999) parameter groups with layer-wise lr decay (patch embedding = layer 0,
/// block i = i + 1, fc_norm and head = depth + 1); freezes the pre-training-only parts and, for a
/// probe, the encoder. `scales` gets each group's lr factor.
std::vector<torch::optim::OptimizerParamGroup> parameterGroups(Classifier& model,
                                                               const FinetuneOptions& o,
                                                               std::vector<double>& scales) {
  const int layers = model->mae->config.encoder_depth + 1;
  std::vector<torch::optim::OptimizerParamGroup> groups;
  for (const auto& p : model->named_parameters()) {
    const std::string& k = p.key();
    if (k.find("decoder") != std::string::npos || k.find("mask_token") != std::string::npos ||
        k.find("encoder_to_decoder") != std::string::npos ||
        k.find("mae.head") != std::string::npos || k.find("encoder_norm") != std::string::npos) {
      p.value().set_requires_grad(false);  // pre-training-only parts
      continue;
    }
    int layer = layers;
    if (k.find("patch_embed") != std::string::npos) layer = 0;
    const auto pos = k.find("encoder_blocks.");
    if (pos != std::string::npos) layer = std::stoi(k.substr(pos + 15)) + 1;
    const bool encoder = layer < layers;
    if (o.probe && encoder) {
      p.value().set_requires_grad(false);
      continue;
    }
    const double scale = std::pow(o.layer_decay, layers - layer);
    const bool no_decay = p.value().dim() <= 1;
    groups.emplace_back(std::vector<torch::Tensor>{p.value()},
                        std::make_unique<torch::optim::AdamWOptions>(
                            torch::optim::AdamWOptions(1e-3)
                                .betas({0.9, 0.999})
                                .weight_decay(no_decay ? 0.0 : o.weight_decay)));
    scales.push_back(scale);
  }
  return groups;
}

/// Multi-view testing: softmax averaged over each video's views; fills r's top-1, top-5 and
/// per-class accuracy and returns the test videos per class.
std::vector<int> evaluate(Classifier& model, const SplitClips& clips,
                          const std::vector<LabeledVideo>& videos, FinetuneResult& r) {
  const int classes = int(r.classes.size());
  std::vector<int> hits(size_t(classes), 0), seen(size_t(classes), 0);
  int top1 = 0, top5 = 0;
  const int tests = int(videos.size()), chunk = 32;  // videos decoded together
  for (int first = 0; first < tests; first += chunk) {
    std::vector<int> ids(size_t(std::min(chunk, tests - first)));
    std::iota(ids.begin(), ids.end(), first);
    const auto views = clips.get(ids);
    for (size_t j = 0; j < ids.size(); ++j) {
      auto probs = torch::softmax(model->forward(toInput(views[j])), -1).mean(0);
      const int label = videos[size_t(ids[j])].label;
      const auto top = std::get<1>(probs.topk(std::min(5, classes)));
      const bool hit1 = top[0].item<int64_t>() == label;
      top1 += hit1;
      top5 += int((top == label).any().item<bool>());
      hits[size_t(label)] += hit1;
      ++seen[size_t(label)];
    }
  }
  r.top1 = double(top1) / double(tests);
  r.top5 = double(top5) / double(tests);
  for (int k = 0; k < classes; ++k)
    r.per_class.push_back(seen[size_t(k)] ? double(hits[size_t(k)]) / seen[size_t(k)] : 0.0);
  return seen;
}

/// Per-class accuracy bar chart (RGB).
cv::Mat barChart(const std::vector<std::string>& names, const std::vector<double>& acc) {
  const int bar = 22, width = 640, left = 170;
  cv::Mat img(int(names.size()) * bar + 30, width, CV_8UC3, cv::Scalar(255, 255, 255));
  for (size_t i = 0; i < names.size(); ++i) {
    const int y = 20 + int(i) * bar;
    cv::putText(img, names[i], cv::Point(4, y + 14), cv::FONT_HERSHEY_SIMPLEX, 0.4,
                cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
    const int w = int(acc[i] * (width - left - 60));
    cv::rectangle(img, cv::Rect(left, y + 3, std::max(1, w), bar - 6), cv::Scalar(68, 119, 170),
                  -1);
    char text[16];
    std::snprintf(text, sizeof text, "%.0f%%", 100 * acc[i]);
    cv::putText(img, text, cv::Point(left + w + 4, y + 14), cv::FONT_HERSHEY_SIMPLEX, 0.4,
                cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
  }
  return img;
}

}  // namespace

FinetuneResult finetune(const FinetuneOptions& o,
                        const std::function<void(const nlohmann::json&)>& on_event) {
  configureThreads(o.threads);
  torch::manual_seed(o.seed);
  LabeledVideoSet data = readLabeledVideos(o.dataset, o.split);
  limitPerClass(data.train, o.per_class);
  if (!o.pretrained_run.empty() && o.model_overrides.is_object() && !o.model_overrides.empty())
    throw std::invalid_argument("model shape options apply from scratch only: " + o.pretrained_run +
                                " fixes the model");
  VideoMae mae = o.pretrained_run.empty() ? VideoMae(videoMaeConfig(o.model, o.model_overrides))
                                          : loadRunModel(o.pretrained_run);
  const VideoMaeConfig& c = mae->config;
  Classifier model(mae, int(data.classes.size()), o.head_init_scale);
  for (int i = 0; i < c.encoder_depth; ++i)  // stochastic depth rising linearly to drop_path
    (*model->mae->encoder_blocks)[size_t(i)]->as<Block>()->drop_path =
        c.encoder_depth > 1 ? o.drop_path * i / (c.encoder_depth - 1) : o.drop_path;
  std::vector<double> scales;  // layer-wise lr decay factor of each parameter group
  ForeachAdamW optimizer(parameterGroups(model, o, scales));

  // Each split gets the memory budget; streamed splits are checked for readability here.
  const SplitClips train_clips(data.train, c, o.stride, 1, 1, o.cache_gib);
  const SplitClips test_clips(data.test, c, o.stride, std::max(1, o.test_views),
                              std::max(1, o.test_crops), o.cache_gib);
  LabelMixing mixing;
  mixing.mixup_alpha = o.mixup_alpha;
  mixing.cutmix_alpha = o.cutmix_alpha;
  mixing.smoothing = o.label_smoothing;
  const int n = int(data.train.size()), steps_per_epoch = (n + o.batch - 1) / o.batch;
  const int epochs = o.steps > 0 ? (o.steps + steps_per_epoch - 1) / steps_per_epoch : o.epochs;
  const int total = steps_per_epoch * epochs, warmup = steps_per_epoch * o.warmup_epochs;
  const double peak = o.base_lr * o.batch / 256.0;
  const int classes = int(data.classes.size());
  if (!o.out.empty()) std::filesystem::create_directories(o.out);
  Rng rng(o.seed, 0xF17E7);
  std::vector<int> order(static_cast<size_t>(n));
  int step = 0;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    std::iota(order.begin(), order.end(), 0);
    for (int i = n - 1; i > 0; --i)
      std::swap(order[size_t(i)], order[size_t(rng.uniformInt(0, i))]);
    model->train();
    double loss_sum = 0;
    int correct = 0;
    for (int b = 0; b < n; b += o.batch, ++step) {
      const std::vector<int> batch(order.begin() + b, order.begin() + std::min(n, b + o.batch));
      const auto views = train_clips.get(batch);
      std::vector<torch::Tensor> clips;
      std::vector<int64_t> labels;
      for (size_t k = 0; k < batch.size(); ++k) {
        auto clip = views[k][0];
        if (o.flip && rng.bernoulli(0.5)) clip = clip.flip({2});  // horizontal flip
        clips.push_back(clip);
        labels.push_back(data.train[size_t(batch[k])].label);
      }
      const double lr = learningRate(peak, step, warmup, total);
      for (size_t g = 0; g < optimizer.param_groups().size(); ++g)
        static_cast<torch::optim::AdamWOptions&>(optimizer.param_groups()[g].options())
            .lr(lr * scales[g]);
      auto target = torch::tensor(labels);
      auto input = toInput(clips);
      const auto soft = mixBatch(input, target, classes, mixing, rng);
      auto logits = model->forward(input);
      auto loss = softCrossEntropy(logits, soft);
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
      loss_sum += loss.item<double>() * double(labels.size());
      correct += int((logits.argmax(-1) == soft.argmax(-1)).sum().item<int64_t>());
    }
    nlohmann::json event = {{"epoch", epoch},
                            {"step", step},
                            {"loss", loss_sum / n},
                            {"train_acc", double(correct) / n},
                            {"lr", learningRate(peak, std::max(0, step - 1), warmup, total)}};
    if (!o.out.empty()) appendJsonLine(o.out + "/events.jsonl", event);
    if (on_event) on_event(event);
  }
  // Multi-view testing: temporal views x spatial crops.
  model->eval();
  torch::NoGradGuard no_grad;
  FinetuneResult r;
  r.classes = data.classes;
  const std::vector<int> seen = evaluate(model, test_clips, data.test, r);
  if (!o.out.empty()) {
    std::ofstream csv(o.out + "/per_class.csv");
    csv << "class,accuracy,test_videos\n";
    for (int k = 0; k < classes; ++k)
      csv << data.classes[size_t(k)] << "," << r.per_class[size_t(k)] << "," << seen[size_t(k)]
          << "\n";
    writeImageRgb(o.out + "/per_class.png", barChart(data.classes, r.per_class));
    // The fine-tuned model for Hugging Face (VideoMAEForVideoClassification).
    exportHuggingFaceClassifier(model->mae, model->exportableHead(), data.classes, o.out + "/hf");
    writeFileDurable(o.out + "/results.json", nlohmann::json{{"top1", r.top1},
                                                             {"top5", r.top5},
                                                             {"classes", data.classes},
                                                             {"per_class", r.per_class},
                                                             {"probe", o.probe},
                                                             {"pretrained", o.pretrained_run},
                                                             {"train_videos", n},
                                                             {"test_videos", data.test.size()}}
                                                  .dump(2));
  }
  return r;
}

}  // namespace pmg::training
