// `pmg presets`: lists the built-in PMG presets, or prints one as a JSON config.
#include <iostream>

#include "commands.h"
#include "pmg/pmg_config.h"

namespace pmg::cli {

void registerPresets(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("presets",
                                 "List PMG presets, or print one as a config file (--show NAME)");
  auto name = std::make_shared<std::string>();
  cmd->add_option("--show", *name, "Preset or transform name to print as JSON");
  cmd->callback([&action, name] {
    action = [name] {
      if (name->empty()) {
        for (const auto& p : presetNames()) std::cout << p << "\n";
      } else {
        std::cout << toJson(presetConfig(*name)).dump(2) << "\n";
      }
      return 0;
    };
  });
}

}  // namespace pmg::cli
