//! The request a custom endpoint's handler answers: who makes it, the module's database, and for an action of a
//! resource, the object its URL names or the rows its filters select, as the resource's own URLs would see them.

use actix_web::web::Data;
use actix_web::HttpRequest;

use super::views::{owner_of, visible};
use crate::auth::Identity;
use crate::blocking::{run, run_write};
use crate::db::{AnyConnection, Database};
use crate::error::ApiError;
use crate::listing::ListQuery;
use crate::params::{parse_int, QueryParams};
use crate::resource::Resource;

/// The request a handler answers.
pub struct Call {
    pub req: HttpRequest,
    pub who: Option<Identity>,
}

impl Call {
    fn database(&self) -> Result<&Database, ApiError> {
        self.req
            .app_data::<Data<Database>>()
            .map(|d| d.get_ref())
            .ok_or_else(|| ApiError::internal("no database for this scope"))
    }

    /// Runs `work` on the module's own database, on its query threads.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        run(self.database()?, work).await
    }

    /// Runs `work`, which writes, where the module's writes run (SQLite's one writer, or the query threads).
    pub async fn write<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        run_write(self.database()?, work).await
    }

    /// Application data the application registered (a signer, another module's published interface).
    pub fn data<T: ?Sized + 'static>(&self) -> Result<&T, ApiError> {
        self.req
            .app_data::<Data<T>>()
            .map(|d| d.get_ref())
            .ok_or_else(|| ApiError::internal("missing application data"))
    }

    /// The `{id}` of a detail action's URL; one that is not a number names no object (`404 Not found.`).
    pub fn id(&self) -> Result<i64, ApiError> {
        self.req
            .match_info()
            .get("id")
            .and_then(parse_int)
            .ok_or(ApiError::NotFound)
    }

    /// The object a detail action's URL names, if the requester may see it (else `404 No <Model> matches the
    /// given query.`), as its detail URL would find it.
    pub async fn object<R: Resource>(&self) -> Result<R, ApiError> {
        let id = self.id()?;
        let owner = owner_of(&R::SPEC, self.who);
        self.run(move |conn| {
            visible::<R>(conn, id, owner, None)?.ok_or(ApiError::NoMatch(R::SPEC.model_name))
        })
        .await
    }

    /// Runs `work` over the rows of `R` the list would return for this request's filters and search (a list
    /// action's): bad filter values are the list's 400.
    pub async fn listing<R, T, F>(&self, work: F) -> Result<T, ApiError>
    where
        R: Resource,
        F: FnOnce(&mut AnyConnection, ListQuery) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let params = QueryParams::parse(self.req.query_string());
        let owner = owner_of(&R::SPEC, self.who);
        self.run(move |conn| {
            let mut query = ListQuery::from_params(&R::SPEC, &params, conn)?;
            query.owner = owner;
            work(conn, query)
        })
        .await
    }
}
