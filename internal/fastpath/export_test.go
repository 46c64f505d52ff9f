package fastpath

import (
	"context"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// What the tests check beyond the exported API.

// FastSources are a Config, Plan and State holding raw over the schema the
// fast path hands resource typeName of s (a NewServer) in its calls, and that
// schema's type.
func FastSources(ctx context.Context, s tfprotov6.ProviderServer, typeName string, raw tftypes.Value) (tfsdk.Config, tfsdk.Plan, tfsdk.State, attr.Type) {
	fs := s.(*server).resource(ctx, typeName).fastSchema
	return tfsdk.Config{Schema: fs, Raw: raw}, tfsdk.Plan{Schema: fs, Raw: raw}, tfsdk.State{Schema: fs, Raw: raw}, fs.Type()
}

// AttributeTookFastPath reports whether GetAttribute reads p, into a target
// of type want, without the framework.
func AttributeTookFastPath(ctx context.Context, from AttributeSource, p path.Path, want reflect.Type) bool {
	_, ok := fastAttribute(ctx, from, p, want)
	return ok
}

// TerraformValue is v.ToTerraformValue(ctx) with the fast path's types.
func TerraformValue(ctx context.Context, v attr.Value, t attr.Type) (tftypes.Value, error) {
	return terraformValue(ctx, v, t)
}
