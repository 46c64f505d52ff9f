// Package fastpath answers, below terraform-plugin-framework, the protocol
// calls Terraform makes for every resource of every command, when their
// answer is known to be the framework's. It knows nothing of any provider in
// particular: NewServer puts it in front of a provider's framework server.
//
// What it answers:
//
//   - ValidateResourceConfig: one walk of the raw configuration that calls the
//     schema's own validators, required, read-only, write-only and deprecation
//     checks, then the resource's ConfigValidators and ValidateConfig
//     (validate.go);
//   - PlanResourceChange when the proposed new state equals the prior state
//     and neither a default, a plan modifier, the resource's ModifyPlan nor
//     write-only nulling would change it: the plan of every resource of an
//     empty refresh-and-plan (plan.go);
//   - ReadResource of a resource that is a Reader, when the provider is a
//     ConfiguredProvider: the resource's own read, without the framework's
//     conversions and walks around it (read.go);
//   - UpgradeResourceState when the stored schema version is current: a
//     decode of the stored JSON with a type computed once (server.go).
//
// When it hands a call to the framework: every other call; any resource
// whose schema has something it does not handle (nested attributes, set
// blocks, dynamic values, validators, defaults or plan modifiers of other
// kinds, defaults below the top level, plan modifiers in list blocks, types
// with semantic equality, resource identity), found when the resource is
// first compiled; a call that would configure the resource (validation,
// ModifyPlan, a read) when the resource has a Configure method and the
// provider is not a ConfiguredProvider; and any call whose input it does not
// handle: a value that does not convert cleanly (a fraction for an Int64),
// an unknown in a plan, a plan modifier, default or ModifyPlan that would
// change, warn or require a replacement, private state only the framework
// handles, a panic in a modifier. The framework then gives its own answer,
// diagnostics included.
//
// The readers GetAttribute, GetModel, GetStateModel and SetStateModel are the
// framework's GetAttribute, Get and Set for the values the fast path hands
// resources, without reflecting over the schema on every call; they work on
// the framework's own Config, Plan and State too. EqualValues is tftypes'
// Equal in a single walk.
//
// How it is proven equal to the framework: package fastpathtest serves a
// provider through a Server that sends each call through both paths and
// reports any difference in diagnostics (severity, summary, detail,
// attribute), planned, upgraded or read state, private state, replacement
// paths or deferral. This package's tests run it over a test provider made
// for it (single and list blocks, validators of every kind it runs,
// defaults, plan modifiers, ModifyPlan, sensitive and write-only attributes,
// reads from an in-memory API; and, for the framework, a nested attribute, a
// resource that is not a Reader, a provider that is not a
// ConfiguredProvider), with hand-written cases, a fuzz
// target (FuzzFastPath, seed corpus in testdata/fuzz/FuzzFastPath) and the
// inputs of its benchmarks; a provider's own tests run the same Server over
// its own schema.
package fastpath
