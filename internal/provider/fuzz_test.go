package provider

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lightdash/terraform-provider-lightdash/internal/lightdash"
)

// The fuzz targets feed arbitrary GET bodies to the flatten functions: unknown
// keys, missing keys, nulls and wrong JSON types must give an error or a state
// value, never a panic. The seed corpus in testdata/fuzz runs with go test;
// explore further with go test -fuzz=FuzzFlattenProject.
//
// The second body is flattened first, with no prior, and becomes the prior of
// the first: that makes arbitrary prior states, secrets included.

func FuzzFlattenProject(f *testing.F) {
	f.Add([]byte(`{"projectUuid":"p","warehouseConnection":{"type":"postgres","host":"h","port":5432},"dbtConnection":{"type":"none"}}`), []byte(`{}`))
	f.Fuzz(func(t *testing.T, body, priorBody []byte) {
		var prior projectModel
		if p, ok := decodeProject(priorBody); ok {
			_ = prior.setFromAPI(p, projectModel{})
		}
		p, ok := decodeProject(body)
		if !ok {
			return
		}
		var m projectModel
		if diags := m.setFromAPI(p, prior); diags.HasError() {
			return
		}
		checkFlattened(t, "warehouse_connection", warehouseUnion, m.WarehouseConnection)
		checkFlattened(t, "dbt_connection", dbtUnion, m.DbtConnection)
	})
}

func FuzzFlattenCredentials(f *testing.F) {
	f.Add([]byte(`{"uuid":"c","credentials":{"type":"postgres","user":"u"}}`), []byte(`{}`))
	f.Fuzz(func(t *testing.T, body, priorBody []byte) {
		var prior warehouseCredentialsModel
		var priorAPI lightdash.UserWarehouseCredentials
		if json.Unmarshal(priorBody, &priorAPI) == nil {
			_ = prior.setFromAPI(&priorAPI, types.ObjectNull(unionType(credentialsUnion).AttrTypes))
		}
		var api lightdash.UserWarehouseCredentials
		if json.Unmarshal(body, &api) != nil {
			return
		}
		var m warehouseCredentialsModel
		if diags := m.setFromAPI(&api, prior.Credentials); diags.HasError() {
			return
		}
		checkFlattened(t, "credentials", credentialsUnion, m.Credentials)
	})
}

func decodeProject(b []byte) (*lightdash.Project, bool) {
	var p lightdash.Project
	if json.Unmarshal(b, &p) != nil {
		return nil, false
	}
	return &p, true
}

// checkFlattened asserts that a flattened union has the schema's type and at
// most one variant block set, and that no write-only attribute got a value.
func checkFlattened(t *testing.T, name string, u *union, v types.Object) {
	t.Helper()
	if v.IsNull() {
		return
	}
	if !v.Type(t.Context()).Equal(unionType(u)) {
		t.Fatalf("%s: flattened value does not have the schema's type", name)
	}
	set := 0
	for _, variant := range u.Variants {
		if isSet(v.Attributes()[variant.Name]) {
			set++
		}
	}
	if set != 1 {
		t.Fatalf("%s: %d variant blocks set, want 1", name, set)
	}
	walkWriteOnly(t, name, v)
}

// walkWriteOnly fails when an attribute named *_wo holds a value: write-only
// values never come from the API nor from prior state.
func walkWriteOnly(t *testing.T, path string, v attr.Value) {
	t.Helper()
	switch x := v.(type) {
	case types.Object:
		for k, a := range x.Attributes() {
			if strings.HasSuffix(k, writeOnlySuffix) && !a.IsNull() {
				t.Fatalf("%s.%s: write-only attribute has a value after flatten", path, k)
			}
			walkWriteOnly(t, path+"."+k, a)
		}
	case types.List:
		for _, e := range x.Elements() {
			walkWriteOnly(t, path+"[]", e)
		}
	}
}
