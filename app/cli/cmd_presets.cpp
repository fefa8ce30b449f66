// `pmg presets`: lists the built-in PMG presets, or prints one as a JSON config.
#include <iostream>

#include "commands.h"
#include "pmg/config/finetune_options.h"
#include "pmg/config/pmg_config.h"
#include "pmg/config/pmg_fields.h"
#include "pmg/config/train_fields.h"
#include "pmg/config/videomae_config.h"
#include "pmg/datasets/motion_dataset.h"

namespace pmg::cli {

namespace {

/// The one description of each config value, as JSON (for scripts, docs and the e2e test
/// that checks the command line against it).
/// A number-field table (pmg/config/number_field.h) as JSON.
template <class T>
nlohmann::json describe(const std::vector<NumberField<T>>& fields) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : fields)
    out.push_back({{"key", f.key},
                   {"flag", f.flag},
                   {"lo", f.lo},
                   {"hi", f.hi},
                   {"integer", f.integer()},
                   {"help", f.help}});
  return out;
}

nlohmann::json describeFields() {
  nlohmann::json pmg = nlohmann::json::array();
  for (const auto& f : pmgParamFields())
    pmg.push_back({{"key", std::string("params.") + f.key},
                   {"lo", f.lo},
                   {"hi", f.hi},
                   {"range", f.range != nullptr},
                   {"help", f.help}});
  for (const auto& f : pmgTopFields())
    pmg.push_back(
        {{"key", f.key}, {"lo", f.lo}, {"hi", f.hi}, {"integer", f.integer}, {"help", f.help}});
  return {{"pmg", pmg},
          {"train", describe(trainOptionFields())},
          {"model", describe(modelFields())},
          {"finetune", describe(finetuneFields())},
          {"motion_dataset", describe(motionDatasetFields())}};
}

}  // namespace

void registerPresets(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("presets",
                                 "List PMG presets, or print one as a config file (--show NAME)");
  auto name = std::make_shared<std::string>();
  cmd->add_option("--show", *name, "Preset or transform name to print as JSON");
  auto fields = std::make_shared<bool>(false);
  cmd->add_flag("--fields", *fields,
                "Print every PMG parameter and numeric training option with its bounds (JSON)");
  cmd->callback([&action, name, fields] {
    action = [name, fields] {
      if (*fields) {
        std::cout << describeFields().dump(2) << "\n";
      } else if (name->empty()) {
        for (const auto& p : presetNames()) std::cout << p << "\n";
      } else {
        std::cout << toJson(presetConfig(*name)).dump(2) << "\n";
      }
      return 0;
    };
  });
}

}  // namespace pmg::cli
