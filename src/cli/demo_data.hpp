// The demo's sample data, compiled in from examples/demo/ (cmake/TelemedEmbed.cmake), so that
// `telemed demo` runs offline from any directory.
#pragma once

#include <string_view>

namespace telemed::embedded {
extern const std::string_view register_json; ///< examples/demo/register.json
extern const std::string_view
    voronezh_consultation_json;                      ///< examples/demo/voronezh-consultation.json
extern const std::string_view config_vor_json;       ///< examples/demo/config-vor.json
extern const std::string_view demo_key_seed;         ///< examples/demo/demo-key.seed
extern const std::string_view kirov_monitoring_json; ///< examples/demo/kirov-monitoring.json
extern const std::string_view kirov_week_ndjson;     ///< examples/demo/kirov-week.ndjson
extern const std::string_view config_kir_json;       ///< examples/demo/config-kir.json
} // namespace telemed::embedded
