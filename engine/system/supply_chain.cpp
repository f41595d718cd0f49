#include "engine/system/supply_chain.h"

#include "engine/core/rng.h"

#include <algorithm>
#include <cmath>

namespace emu {

namespace {

constexpr int historyDays = 364;
constexpr double forecastDay = historyDays + 1.0;

SystemPort port(std::string name, double lower, double upper, std::string unit,
                std::string description)
{
    return {std::move(name), lower, upper, std::move(unit), std::move(description)};
}

/// The sales history for a seed: flat at 80 a day, then a ramp to 100 over the last 65 days.
Vector salesHistory(std::uint64_t seed)
{
    Rng rng(seed);
    Vector sales(historyDays);
    for (int t = 1; t <= historyDays; ++t) {
        const double ramp = std::clamp((t - 300.0) / 65.0, 0.0, 1.0);
        sales(t - 1) = std::max(0.0, 80.0 + 20.0 * ramp + 12.0 * rng.normal());
    }
    return sales;
}

/// Forecast and its sd for day 365 from a weighted linear trend over the last `window` days.
RowVector forecastFromHistory(const Vector& sales, double window, double bias)
{
    const int whole = static_cast<int>(std::floor(window));
    const double fraction = window - whole;
    const int days = std::min(historyDays, whole + (fraction > 0.0 ? 1 : 0));
    double sw = 0.0, st = 0.0, sy = 0.0;
    const auto weight = [&](int k) { return k < whole ? 1.0 : fraction; }; // k = 0 is the last day
    for (int k = 0; k < days; ++k) {
        const double t = historyDays - k, w = weight(k);
        sw += w;
        st += w * t;
        sy += w * sales(historyDays - 1 - k);
    }
    const double tMean = st / sw, yMean = sy / sw;
    double stt = 0.0, sty = 0.0;
    for (int k = 0; k < days; ++k) {
        const double dt = historyDays - k - tMean, w = weight(k);
        stt += w * dt * dt;
        sty += w * dt * (sales(historyDays - 1 - k) - yMean);
    }
    const double slope = sty / stt;
    double sse = 0.0;
    for (int k = 0; k < days; ++k) {
        const double fitted = yMean + slope * (historyDays - k - tMean);
        sse += weight(k) * std::pow(sales(historyDays - 1 - k) - fitted, 2);
    }
    const double s = std::sqrt(sse / (sw - 2.0));
    const double leverage = 1.0 / sw + std::pow(forecastDay - tMean, 2) / stt;
    RowVector out(2);
    out << (1.0 + bias) * (yMean + slope * (forecastDay - tMean)), s * std::sqrt(1.0 + leverage);
    return out;
}

SystemComponentType forecasterType()
{
    SystemComponentType type;
    type.id = "forecaster";
    type.displayName = "Demand forecaster";
    type.description = "A linear trend fitted to the last window days of sales history";
    type.inputs = {port("window", 14, 364, "days", "How many past days the trend is fitted to"),
                   port("bias", -0.5, 0.5, "fraction", "Relative error of a badly retrained model")};
    type.outputs = {port("forecast", 40, 160, "units", "Forecast of today's demand"),
                    port("forecast_sd", 0, 40, "units", "Standard deviation of demand around it")};
    type.parameters = {{"history_seed", 7, 0, 1e9, "Seed of the sales history it is trained on"}};
    type.make = [](const SystemComponentSpec& spec) {
        const Vector sales = salesHistory(static_cast<std::uint64_t>(spec.parameter("history_seed", 7)));
        return makeFunctionComponent([sales](const RowVector& in) {
            return forecastFromHistory(sales, std::clamp(in(0), 3.0, double(historyDays)), in(1));
        });
    };
    return type;
}

SystemComponentType marketType()
{
    SystemComponentType type;
    type.id = "market";
    type.displayName = "Market";
    type.description = "Today's demand: the level, shifted, plus noise";
    type.inputs = {port("noise", -4, 4, "sd", "Today's standard normal draw"),
                   port("shift", -0.5, 0.5, "fraction", "Relative change of the demand level")};
    type.outputs = {port("demand", 0, 200, "units", "Units customers ask for today")};
    type.parameters = {{"level", 100, 0, 1e6, "Mean demand a day"},
                       {"spread", 12, 0, 1e6, "Standard deviation of daily demand"}};
    type.make = [](const SystemComponentSpec& spec) {
        const double level = spec.parameter("level", 100), spread = spec.parameter("spread", 12);
        return makeFunctionComponent([=](const RowVector& in) {
            return RowVector::Constant(1, std::max(0.0, level * (1.0 + in(1)) + spread * in(0)));
        });
    };
    return type;
}

SystemComponentType policyType()
{
    SystemComponentType type;
    type.id = "ordering_policy";
    type.displayName = "Ordering policy";
    type.description = "Orders the forecast plus safety stock";
    type.inputs = {port("forecast", 40, 160, "units", "Forecast of today's demand"),
                   port("forecast_sd", 0, 40, "units", "Its standard deviation"),
                   port("safety_stock", 0, 3, "sd", "Safety margin in standard deviations")};
    type.outputs = {port("order", 0, 280, "units", "Units ordered for today")};
    type.make = [](const SystemComponentSpec&) {
        return makeFunctionComponent([](const RowVector& in) {
            return RowVector::Constant(1, std::max(0.0, in(0) + in(2) * in(1)));
        });
    };
    return type;
}

SystemComponentType warehouseType()
{
    SystemComponentType type;
    type.id = "warehouse";
    type.displayName = "Warehouse";
    type.description = "Accepts what fits; a share spoils in storage";
    type.inputs = {port("order", 0, 280, "units", "Units ordered"),
                   port("capacity", 60, 200, "units", "Units the warehouse can hold")};
    type.outputs = {port("received", 0, 200, "units", "Units accepted (and paid for)"),
                    port("stock", 0, 200, "units", "Units fit to sell"),
                    port("refused", 0, 280, "units", "Units ordered that did not fit")};
    type.parameters = {{"spoilage", 0.03, 0, 0.9, "Share of the stock that spoils in storage"}};
    type.make = [](const SystemComponentSpec& spec) {
        const double spoilage = spec.parameter("spoilage", 0.03);
        return makeFunctionComponent([=](const RowVector& in) {
            const double received = std::min(in(0), in(1));
            RowVector out(3);
            out << received, (1.0 - spoilage) * received, in(0) - received;
            return out;
        });
    };
    return type;
}

SystemComponentType deliveryType()
{
    SystemComponentType type;
    type.id = "delivery";
    type.displayName = "Delivery";
    type.description = "Vans take stock to customers; what is left is thrown away";
    type.inputs = {port("stock", 0, 200, "units", "Units fit to sell"),
                   port("demand", 0, 200, "units", "Units customers ask for"),
                   port("fleet", 1, 6, "vans", "Vans on the road today")};
    type.outputs = {port("sold", 0, 200, "units", "Units delivered to customers"),
                    port("stockouts", 0, 200, "units", "Units asked for but not delivered"),
                    port("waste", 0, 200, "units", "Units left over and thrown away")};
    type.parameters = {{"van_load", 30, 1, 1e6, "Units one van delivers in a day"}};
    type.make = [](const SystemComponentSpec& spec) {
        const double load = spec.parameter("van_load", 30);
        return makeFunctionComponent([=](const RowVector& in) {
            const double sold = std::max(0.0, std::min({in(0), in(1), load * in(2)}));
            RowVector out(3);
            out << sold, std::max(0.0, in(1) - sold), std::max(0.0, in(0) - sold);
            return out;
        });
    };
    return type;
}

SystemComponentType accountsType()
{
    SystemComponentType type;
    type.id = "accounts";
    type.displayName = "Accounts";
    type.description = "The day's cost and service level";
    type.inputs = {port("received", 0, 200, "units", "Units bought"),
                   port("sold", 0, 200, "units", "Units delivered"),
                   port("stockouts", 0, 200, "units", "Units not delivered"),
                   port("waste", 0, 200, "units", "Units thrown away"),
                   port("fleet", 1, 6, "vans", "Vans on the road"),
                   port("capacity", 60, 200, "units", "Warehouse space rented")};
    type.outputs = {port("cost", 0, 1500, "£", "The day's cost"),
                    port("service_level", 0, 1, "fraction", "Share of demand delivered")};
    type.parameters = {{"unit_cost", 1, 0, 1e6, "Price of a unit bought"},
                       {"penalty", 6, 0, 1e6, "Cost of a unit asked for and not delivered"},
                       {"disposal", 0.5, 0, 1e6, "Cost of throwing a unit away"},
                       {"van_cost", 20, 0, 1e6, "Cost of a van for a day"},
                       {"space_cost", 0.2, 0, 1e6, "Cost of a unit of warehouse space for a day"}};
    type.make = [](const SystemComponentSpec& spec) {
        const double unit = spec.parameter("unit_cost", 1), penalty = spec.parameter("penalty", 6),
                     disposal = spec.parameter("disposal", 0.5), van = spec.parameter("van_cost", 20),
                     space = spec.parameter("space_cost", 0.2);
        return makeFunctionComponent([=](const RowVector& in) {
            const double asked = in(1) + in(2);
            RowVector out(2);
            out << unit * in(0) + penalty * in(2) + disposal * in(3) + van * in(4) + space * in(5),
                asked > 0.0 ? in(1) / asked : 1.0;
            return out;
        });
    };
    return type;
}

SystemInput intervention(std::string name, double lower, double upper, double value,
                         std::string unit, std::string description)
{
    SystemInput input;
    input.name = std::move(name);
    input.lower = lower;
    input.upper = upper;
    input.value = value;
    input.unit = std::move(unit);
    input.description = std::move(description);
    return input;
}

SystemInput condition(std::string name, std::string description)
{
    SystemInput input = intervention(std::move(name), -0.5, 0.5, 0.0, "fraction", std::move(description));
    input.role = SystemInput::Role::Condition;
    return input;
}

} // namespace

std::vector<SystemComponentType> supplyChainComponentTypes()
{
    return {forecasterType(), marketType(), policyType(), warehouseType(), deliveryType(),
            accountsType()};
}

Vector supplyChainSalesHistory()
{
    return salesHistory(7);
}

SystemDescription supplyChainDescription()
{
    SystemDescription d;
    d.source = "supply chain";
    d.name = "Supply chain";
    d.description = "One day of a fresh product's supply chain: forecast, order, store, deliver, "
                    "account. A run of the whole chain costs £10.";
    d.inputs = {
        intervention("window", 14, 364, 56, "days", "Days of sales history the forecaster is fitted to"),
        intervention("safety_stock", 0, 3, 1, "sd", "Extra stock ordered, in forecast standard deviations"),
        intervention("capacity", 80, 200, 140, "units", "Warehouse space rented"),
        intervention("fleet", 3, 6, 4, "vans", "Delivery vans on the road each day"),
    };
    SystemInput noise = intervention("demand_noise", -4, 4, 0, "sd", "Today's luck: demand's standard normal draw");
    noise.role = SystemInput::Role::Random;
    noise.distribution = SystemInput::Distribution::Normal;
    d.inputs.push_back(noise);
    d.inputs.push_back(condition("demand_shift", "Relative change of the market's demand level"));
    d.inputs.push_back(condition("forecast_bias", "Relative error of a badly retrained forecaster"));

    const auto component = [](std::string name, std::string type, double cost) {
        SystemComponentSpec spec;
        spec.name = std::move(name);
        spec.type = std::move(type);
        spec.cost = cost;
        completePorts(spec);
        return spec;
    };
    d.components = {component("forecaster", "forecaster", 2), component("market", "market", 1),
                    component("policy", "ordering_policy", 0.5), component("warehouse", "warehouse", 3),
                    component("delivery", "delivery", 3), component("accounts", "accounts", 0.5)};
    d.wires = {{"window", "forecaster.window"},
               {"forecast_bias", "forecaster.bias"},
               {"demand_noise", "market.noise"},
               {"demand_shift", "market.shift"},
               {"forecaster.forecast", "policy.forecast"},
               {"forecaster.forecast_sd", "policy.forecast_sd"},
               {"safety_stock", "policy.safety_stock"},
               {"policy.order", "warehouse.order"},
               {"capacity", "warehouse.capacity"},
               {"warehouse.stock", "delivery.stock"},
               {"market.demand", "delivery.demand"},
               {"fleet", "delivery.fleet"},
               {"warehouse.received", "accounts.received"},
               {"delivery.sold", "accounts.sold"},
               {"delivery.stockouts", "accounts.stockouts"},
               {"delivery.waste", "accounts.waste"},
               {"fleet", "accounts.fleet"},
               {"capacity", "accounts.capacity"}};
    d.outputs = {"accounts.cost", "accounts.service_level", "delivery.stockouts", "delivery.waste"};
    return d;
}

} // namespace emu
