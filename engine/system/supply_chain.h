#pragma once
// The built-in example system: one day of a small supply chain for a fresh product, from the
// morning's forecast to the evening's accounts. Cheap to run (microseconds), "expensive" in the
// story: every run of a component costs what its spec says.
//
//   forecaster   a linear trend a + b·t fitted by least squares to the last `window` days of a
//                364-day sales history (sales ramp from 80 to 100 a day over the last 65 days,
//                noise sd 12, fixed seed). A fractional window gives its oldest day a fractional
//                weight, so the forecast moves continuously with the window. Outputs
//                  forecast    = (1 + bias) · (a + b·365)
//                  forecast_sd = s · √(1 + h),   s the weighted residual sd, h the leverage of
//                                day 365: the sd of a new day's sales around the forecast.
//                A short window follows the ramp but is noisy; a long one lags behind it.
//   market       today's demand = max(0, level · (1 + shift) + spread · noise), noise ~ N(0, 1).
//   policy       order = max(0, forecast + safety_stock · forecast_sd): stock for the forecast
//                plus a safety margin of safety_stock standard deviations.
//   warehouse    accepts what fits: received = min(order, capacity), of which a share `spoilage`
//                spoils in storage: stock = (1 − spoilage) · received; refused = order − received.
//   delivery     vans carry van_load units each: sold = min(stock, demand, van_load · fleet);
//                stockouts = demand − sold (customers sent away); waste = stock − sold (a fresh
//                product left at night is thrown away).
//   accounts     cost = unit_cost · received + penalty · stockouts + disposal · waste
//                       + van_cost · fleet + space_cost · capacity
//                service_level = sold / (sold + stockouts)   (1 on a day without demand).
//
// Interventions: window (forecaster), safety_stock (policy), capacity (warehouse), fleet
// (delivery). Random: demand_noise. Conditions (nominal 0): demand_shift (the market moves) and
// forecast_bias (a retrained forecaster that is off).

#include "engine/system/system_components.h"
#include "engine/system/system_description.h"

#include <vector>

namespace emu {

/// The supply chain's component types: forecaster, market, ordering_policy, warehouse, delivery,
/// accounts.
std::vector<SystemComponentType> supplyChainComponentTypes();

/// The built-in supply chain, wired as in the file comment.
SystemDescription supplyChainDescription();

/// The forecaster's sales history: 364 days, day 1 first.
Vector supplyChainSalesHistory();

} // namespace emu
