//! The token endpoints' serializers (simplejwt's `TokenObtainPairSerializer` and `TokenRefreshSerializer`).

use tessera_kernel::Field;

pub const OBTAIN_FIELDS: &[Field] = &[
    Field::text("username", "Username"),
    Field::text("password", "Password"),
];

pub const REFRESH_FIELDS: &[Field] = &[Field::text("refresh", "Refresh")];
