// One description of every numeric training option: its config-file key, its command-line
// flag, the allowed bounds, a help line and its TrainOptions member. config.json's writer,
// the strict preset / config.json reader, `pmg train`'s options and validators, the
// --resume rule (runtime options may change) and the GUI's Training form all walk this
// table, so "batch" has one range everywhere.
#pragma once
#include <string>
#include <vector>

#include "pmg/config/number_field.h"
#include "pmg/config/train_options.h"

namespace pmg {
inline namespace config {

/// A numeric option of TrainOptions ("train" in presets and config.json).
using TrainOptionField = NumberField<TrainOptions>;

/// Every numeric training option.
const std::vector<TrainOptionField>& trainOptionFields();

/// The field of `key`; throws std::out_of_range for an unknown key.
const TrainOptionField& trainOptionField(const std::string& key);

}  // namespace config
}  // namespace pmg
